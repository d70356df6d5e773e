using Microsoft.Extensions.Logging.Abstractions;
using PostOffice.Broker.Queues;
using PostOffice.Broker.Tests.Support;
using PostOffice.Broker.Topics;
using PostOffice.Storage;
using PostOffice.Storage.Log;

namespace PostOffice.Broker.Tests.Topics;

/// <summary>Queue and topic engines on one real store in a temp directory, a step clock and a fake HTTP endpoint; can restart.</summary>
public sealed class TopicHost : IAsyncDisposable
{
    private StorageEngine? _storage;

    private TopicHost(string directory)
    {
        Directory = directory;
        Transport = new FakeTransport(Clock);
    }

    public string Directory { get; }

    public ManualTimeProvider Clock { get; } = new();

    public FakeTransport Transport { get; }

    public QueueEngine Queues { get; private set; } = null!;

    public TopicEngine Topics { get; private set; } = null!;

    public StorageEngine Storage => _storage!;

    public static async Task<TopicHost> StartAsync()
    {
        var host = new TopicHost(Path.Combine(Path.GetTempPath(), "postoffice-tests", Guid.NewGuid().ToString("N")));
        await host.OpenAsync();
        return host;
    }

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
        var queues = new QueueEngine(new QueueEngineOptions(), Clock, NullLoggerFactory.Instance);
        var topics = new TopicEngine(new TopicEngineOptions { KeyDirectory = Directory }, queues, Transport, Clock, NullLoggerFactory.Instance);
        _storage = await StorageEngine.OpenAsync(
            new StorageOptions { DataDirectory = Directory, TimeProvider = Clock },
            (catalog, ct) => CompositeRecoveryHandler.LoadAsync([queues, topics], catalog, ct),
            NullLoggerFactory.Instance,
            TestContext.Current.CancellationToken);
        queues.Attach(_storage.Log);
        topics.Attach(_storage.Log);
        Queues = queues;
        Topics = topics;
    }

    private async Task CloseAsync()
    {
        if (_storage is not null)
        {
            Topics.Dispose();
            await _storage.DisposeAsync();
            _storage = null;
            Queues.Dispose();
        }
    }
}
