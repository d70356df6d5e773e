using Microsoft.AspNetCore.Server.Kestrel.Core;
using PostOffice.Aws;
using PostOffice.Aws.Sns;
using PostOffice.Broker.Delivery;
using PostOffice.Broker.Queues;
using PostOffice.Broker.Topics;
using PostOffice.Gateway;
using PostOffice.Server.Configuration;
using PostOffice.Storage.Log;

namespace PostOffice.Server.Hosting;

/// <summary>
/// Builds the web host from <see cref="PostOfficeOptions"/> alone. ASP.NET's own configuration sources
/// (appsettings.json, <c>ASPNETCORE_*</c> variables such as <c>ASPNETCORE_URLS</c>, the <c>Kestrel</c> section) are removed:
/// the server listens where PostOffice's settings say and nowhere else, and has one documented way to be configured.
/// </summary>
internal static class ServerHost
{
    public static WebApplication Build(PostOfficeOptions options)
    {
        ClearHostingAddressVariables();
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = [],

            // Not the working directory: nothing is read from the content root, and the data directory is separate.
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Configuration.Sources.Clear();

        ConfigureLogging(builder.Logging, options.Logging.Level);
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = options.ShutdownTimeout);
        builder.Services.Configure<ConsoleLifetimeOptions>(lifetime => lifetime.SuppressStatusMessages = true);
        builder.WebHost.ConfigureKestrel(kestrel => ConfigureKestrel(kestrel, options.Http));

        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(services => new QueueEngine(new QueueEngineOptions(), services.GetRequiredService<TimeProvider>(), services.GetRequiredService<ILoggerFactory>()));
        builder.Services.AddSingleton<IQueueService>(services => services.GetRequiredService<QueueEngine>());
        builder.Services.AddSingleton<ILogEngine>(services => services.GetRequiredService<QueueEngine>());
        builder.Services.AddSingleton<IHttpDeliveryTransport, HttpClientDeliveryTransport>();
        builder.Services.AddSingleton(services => new TopicEngine(
            new TopicEngineOptions { KeyDirectory = Path.GetFullPath(options.DataDirectory) },
            services.GetRequiredService<QueueEngine>(),
            services.GetRequiredService<IHttpDeliveryTransport>(),
            services.GetRequiredService<TimeProvider>(),
            services.GetRequiredService<ILoggerFactory>()));
        builder.Services.AddSingleton<ITopicService>(services => services.GetRequiredService<TopicEngine>());
        builder.Services.AddSingleton<ILogEngine>(services => services.GetRequiredService<TopicEngine>());
        builder.Services.AddAwsProtocols();
        builder.Services.AddMqttGateway(options);
        builder.Services.AddSnsProtocol();

        // Added here, before Build appends Kestrel's hosted service, so that it starts first and stops last.
        builder.Services.AddSingleton<StorageHostedService>();
        builder.Services.AddHostedService(services => services.GetRequiredService<StorageHostedService>());
        builder.Services.AddHostedService<MqttHostedService>();

        var app = builder.Build();
        app.UseAwsProtocols();
        app.UseRouting();
        app.MapHealthEndpoints();
        app.MapAwsProtocols();
        app.UseWebSockets();
        app.MapMqttWebSocket("/mqtt", () => app.Services.GetRequiredService<MqttBroker>());
        app.MapSnsEndpoints();
        return app;
    }

    /// <summary>
    /// Removes the variables through which ASP.NET would add listen addresses. Clearing configuration sources is
    /// not enough: the web host reads them into its own settings when the builder is created and falls back to
    /// those, and Kestrel then warns that it is "overriding" addresses that PostOffice never asked for.
    /// </summary>
    private static void ClearHostingAddressVariables()
    {
        foreach (var prefix in (string[])["ASPNETCORE_", "DOTNET_"])
        {
            foreach (var name in (string[])["URLS", "HTTP_PORTS", "HTTPS_PORTS", "PREFERHOSTINGURLS"])
            {
                Environment.SetEnvironmentVariable(prefix + name, null);
            }
        }
    }

    private static void ConfigureKestrel(KestrelServerOptions kestrel, HttpOptions http)
    {
        kestrel.AddServerHeader = false;

        // HTTP/1.1 only: Kestrel cannot offer HTTP/2 next to HTTP/1.1 on a cleartext endpoint (there is no TLS
        // ALPN to choose with) and warns at every start if asked to. Health probes and the AWS SDKs speak HTTP/1.1.
        static void Protocols(ListenOptions listen) => listen.Protocols = HttpProtocols.Http1;

        if (http.Bind.Address is { } address)
        {
            kestrel.Listen(address, http.Port, Protocols);
        }
        else
        {
            kestrel.ListenLocalhost(http.Port, Protocols);
        }
    }

    private static void ConfigureLogging(ILoggingBuilder logging, LogLevel level)
    {
        logging.ClearProviders();
        logging.AddSimpleConsole(console =>
        {
            console.SingleLine = true;
            console.UseUtcTimestamp = true;
            console.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
        });
        logging.SetMinimumLevel(level);

        // ASP.NET logs every request at Information; keep framework categories at Warning unless debugging.
        var frameworkLevel = level <= LogLevel.Debug ? level : (LogLevel)Math.Max((int)level, (int)LogLevel.Warning);
        logging.AddFilter("Microsoft", frameworkLevel);
        logging.AddFilter("System", frameworkLevel);

        // Hosting logs each request's start and end here, at Information, and startup failures, which also reach the
        // caller as exceptions. While the category is enabled at any level, hosting starts a
        // System.Diagnostics.Activity for every request to scope those messages: off unless debugging.
        logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", level <= LogLevel.Debug ? level : LogLevel.None);
    }
}
