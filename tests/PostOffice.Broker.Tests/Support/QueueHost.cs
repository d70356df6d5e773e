using Microsoft.Extensions.Logging.Abstractions;
using PostOffice.Broker.Queues;
using PostOffice.Storage;

namespace PostOffice.Broker.Tests.Support;

/// <summary>A queue engine on a real store in a temp directory, with a manual clock; can restart on the same data.</summary>
public sealed class QueueHost : IAsyncDisposable
{
    private StorageEngine? _storage;

    private QueueHost(string directory, ManualTimeProvider clock)
    {
        Directory = directory;
        Clock = clock;
    }

    public string Directory { get; }

    public ManualTimeProvider Clock { get; }

    public QueueEngine Engine { get; private set; } = null!;

    public StorageEngine Storage => _storage!;

    public static async Task<QueueHost> StartAsync()
    {
        var directory = Path.Combine(Path.GetTempPath(), "postoffice-tests", Guid.NewGuid().ToString("N"));
        var host = new QueueHost(directory, new ManualTimeProvider());
        await host.OpenAsync();
        return host;
    }

    /// <summary>Closes the store cleanly and opens it again: everything acknowledged must still be there.</summary>
    public async Task RestartAsync()
    {
        await CloseAsync();
        await OpenAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await CloseAsync();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private async Task OpenAsync()
    {
        var engine = new QueueEngine(new QueueEngineOptions(), Clock, NullLoggerFactory.Instance);
        _storage = await StorageEngine.OpenAsync(
            new StorageOptions { DataDirectory = Directory, TimeProvider = Clock },
            engine.LoadAsync,
            NullLoggerFactory.Instance,
            TestContext.Current.CancellationToken);
        engine.Attach(_storage.Log);
        Engine = engine;
    }

    private async Task CloseAsync()
    {
        if (_storage is not null)
        {
            await _storage.DisposeAsync();
            _storage = null;
            Engine.Dispose();
        }
    }
}
