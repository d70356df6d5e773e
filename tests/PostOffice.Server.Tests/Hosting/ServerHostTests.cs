using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PostOffice.Server.Configuration;
using PostOffice.Server.Hosting;

namespace PostOffice.Server.Tests.Hosting;

public sealed class ServerHostTests : IDisposable
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), $"postoffice-host-{Guid.NewGuid():N}");

    [Fact]
    public async Task Build_HostedServices_StoreStartsBeforeKestrelAndStopsAfterIt()
    {
        await using var app = ServerHost.Build(NewOptions());

        // Hosts start services in registration order and stop them in reverse.
        var names = app.Services.GetServices<IHostedService>().Select(service => service.GetType().Name).ToList();
        var storage = names.IndexOf(nameof(StorageHostedService));
        var kestrel = names.IndexOf("GenericWebHostService");

        Assert.True(storage >= 0 && kestrel >= 0, $"hosted services: {string.Join(", ", names)}");
        Assert.True(storage < kestrel, $"hosted services in order: {string.Join(", ", names)}");
    }

    [Fact]
    public async Task Start_EmptyDataDirectory_ReadyUntilStoppedThenStoreClosed()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var app = ServerHost.Build(NewOptions());
        var storage = app.Services.GetRequiredService<StorageHostedService>();
        Assert.Equal((false, "store not open"), HealthEndpoints.CheckReadiness(storage));

        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        using var client = new HttpClient { BaseAddress = new Uri(address) };
        using var ready = await client.GetAsync(new Uri(HealthEndpoints.ReadyPath, UriKind.Relative), cancellationToken);
        using var live = await client.GetAsync(new Uri(HealthEndpoints.LivePath, UriKind.Relative), cancellationToken);

        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("ready", await ready.Content.ReadAsStringAsync(cancellationToken));
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal("live", await live.Content.ReadAsStringAsync(cancellationToken));

        await app.StopAsync(cancellationToken);
        Assert.Null(storage.Engine);
        Assert.Equal((false, "store not open"), HealthEndpoints.CheckReadiness(storage));
    }

    public void Dispose()
    {
        if (Directory.Exists(_dataDirectory))
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
    }

    private PostOfficeOptions NewOptions()
    {
        var options = new PostOfficeOptions { DataDirectory = _dataDirectory };

        // Port 0: the kernel picks a free one; only tests bypass the 1-65535 check of the loader.
        options.Http.Port = 0;
        options.Mqtt.Port = 0;
        options.Logging.Level = Microsoft.Extensions.Logging.LogLevel.Warning;
        return options;
    }
}
