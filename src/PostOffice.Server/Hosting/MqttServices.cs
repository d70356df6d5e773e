using PostOffice.Gateway;
using PostOffice.Gateway.Persistence;
using PostOffice.Gateway.Security;
using PostOffice.Server.Configuration;
using PostOffice.Storage.Log;

namespace PostOffice.Server.Hosting;

/// <summary>Registers the MQTT gateway: broker, its store in the shared log, authentication and the listeners.</summary>
internal static class MqttServices
{
    public static IServiceCollection AddMqttGateway(this IServiceCollection services, PostOfficeOptions options)
    {
        services.AddSingleton(new MqttGatewayOptions
        {
            MaximumPacketSize = (int)options.Mqtt.MaxPacketSize,
            MaximumQueuedMessages = options.Mqtt.MaxQueuedMessages,
            MaximumInflight = options.Mqtt.MaxInflight,
            MaximumOutgoingTopicAliases = (ushort)options.Mqtt.MaxOutgoingTopicAliases,
            Version = $"postoffice {typeof(MqttServices).Assembly.GetName().Version?.ToString(3)}",
        });
        services.AddSingleton<IMqttAuthenticator>(_ => new PasswordAuthenticator(LoadPasswordFile(options.Mqtt.PasswordFile), options.Mqtt.AllowAnonymous));
        services.AddSingleton<IMqttAuthorizer>(AllowAllAuthorizer.Instance);
        services.AddSingleton(s => new MqttBroker(
            s.GetRequiredService<MqttGatewayOptions>(),
            s.GetRequiredService<IMqttAuthenticator>(),
            s.GetRequiredService<IMqttAuthorizer>(),
            s.GetRequiredService<TimeProvider>(),
            s.GetRequiredService<ILoggerFactory>()));
        services.AddSingleton(s => new MqttStore(s.GetRequiredService<MqttBroker>()));
        services.AddSingleton<ILogEngine>(s => s.GetRequiredService<MqttStore>());
        return services;
    }

    /// <summary>Reads <c>user:password</c> lines; blank lines and lines starting with # are skipped.</summary>
    internal static Dictionary<string, string> LoadPasswordFile(string path)
    {
        var users = new Dictionary<string, string>(StringComparer.Ordinal);
        if (path.Length == 0)
        {
            return users;
        }

        var number = 0;
        foreach (var line in File.ReadLines(path))
        {
            number++;
            var text = line.TrimEnd('\r');
            if (text.Length == 0 || text.StartsWith('#'))
            {
                continue;
            }

            var colon = text.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                throw new ConfigurationException($"{path}, line {number}: expected user:password");
            }

            users[text[..colon]] = text[(colon + 1)..];
        }

        return users;
    }
}
