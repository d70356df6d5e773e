using System.Net;
using PostOffice.Gateway;
using PostOffice.Gateway.Security;
using PostOffice.Gateway.Transport;
using PostOffice.Server.Configuration;

namespace PostOffice.Server.Hosting;

/// <summary>
/// Runs the MQTT gateway's TCP and TLS listeners. Registered after <see cref="StorageHostedService"/>, so it starts
/// once the store has recovered the gateway's sessions and retained messages, and stops before the store closes.
/// </summary>
internal sealed partial class MqttHostedService : IHostedService, IAsyncDisposable
{
    private readonly PostOfficeOptions _options;
    private readonly MqttBroker _broker;
    private readonly PasswordFile _passwordFile;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger<MqttHostedService> _logger;
    private readonly List<SocketMqttListener> _listeners = [];

    public MqttHostedService(PostOfficeOptions options, MqttBroker broker, PasswordFile passwordFile, ILoggerFactory loggerFactory)
    {
        _options = options;
        _broker = broker;
        _passwordFile = passwordFile;
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger<MqttHostedService>();
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var mqtt = _options.Mqtt;
        var address = mqtt.Bind.Address ?? IPAddress.Loopback;
        var listenerLogger = _loggerFactory.CreateLogger("PostOffice.Gateway.Transport");
        _broker.Start();
        try
        {
            var tcp = new SocketMqttListener(new IPEndPoint(address, mqtt.Port), _broker, listenerLogger);
            _listeners.Add(tcp);
            tcp.Start();
            Log.Listening(_logger, "MQTT", tcp.LocalEndPoint?.ToString() ?? $"{address}:{mqtt.Port}");
            if (mqtt.TlsCertificate.Length > 0)
            {
                var certificate = TlsOptions.LoadPemCertificate(mqtt.TlsCertificate, mqtt.TlsPrivateKey.Length > 0 ? mqtt.TlsPrivateKey : mqtt.TlsCertificate);
                var tls = new SocketMqttListener(new IPEndPoint(address, mqtt.TlsPort), _broker, listenerLogger, new TlsOptions(certificate));
                _listeners.Add(tls);
                tls.Start();
                Log.Listening(_logger, "MQTT over TLS", tls.LocalEndPoint?.ToString() ?? $"{address}:{mqtt.TlsPort}");
            }
            else
            {
                Log.TlsOff(_logger);
            }
        }
        catch
        {
            await StopAsync(cancellationToken).ConfigureAwait(false);
            throw;
        }

        if (mqtt.AllowAnonymous)
        {
            Log.AnonymousAllowed(_logger, address.ToString(), IPAddress.IsLoopback(address) ? "only this machine can connect" : "ANY HOST THAT REACHES THIS ADDRESS CAN CONNECT");
        }

        foreach (var (line, userName) in _passwordFile.PlainTextLines)
        {
            Log.PlainTextPassword(_logger, mqtt.PasswordFile, line, userName);
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        foreach (var listener in _listeners)
        {
            await listener.StopAsync().ConfigureAwait(false);
        }

        _listeners.Clear();
        await _broker.DisposeAsync().ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var listener in _listeners)
        {
            await listener.DisposeAsync().ConfigureAwait(false);
        }
    }

    // Event ids 120-139 belong to this category.
    private static partial class Log
    {
        [LoggerMessage(120, LogLevel.Information, "{Protocol} listening on {EndPoint}")]
        public static partial void Listening(ILogger logger, string protocol, string endPoint);

        [LoggerMessage(121, LogLevel.Information, "MQTT over TLS is off: mqtt.tls.certificate is not set")]
        public static partial void TlsOff(ILogger logger);

        [LoggerMessage(122, LogLevel.Warning, "MQTT allows ANONYMOUS clients (mqtt.allowAnonymous) on {Address}: {Reach}")]
        public static partial void AnonymousAllowed(ILogger logger, string address, string reach);

        [LoggerMessage(123, LogLevel.Warning, "MQTT password file {Path}, line {Line}: the password of user {UserName} is in plain text; replace it with a hash (mosquitto_passwd FILE USER)")]
        public static partial void PlainTextPassword(ILogger logger, string path, int line, string userName);
    }
}
