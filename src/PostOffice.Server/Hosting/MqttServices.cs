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
        services.AddSingleton(_ => LoadPasswordFile(options.Mqtt.PasswordFile));
        services.AddSingleton<IMqttAuthenticator>(s => new PasswordAuthenticator(s.GetRequiredService<PasswordFile>().Users, options.Mqtt.AllowAnonymous));
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

    /// <summary>Reads mqtt.passwordFile (Mosquitto's format: mosquitto_passwd hashes or plain text); empty when unset.</summary>
    internal static PasswordFile LoadPasswordFile(string path)
    {
        if (path.Length == 0)
        {
            return PasswordFile.Empty;
        }

        try
        {
            return PasswordFile.Read(path);
        }
        catch (InvalidDataException exception)
        {
            throw new ConfigurationException(exception.Message, exception);
        }
    }
}
