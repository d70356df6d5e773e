namespace PostOffice.Server.Configuration;

/// <summary>
/// Builds <see cref="PostOfficeOptions"/> from its sources, each overriding the one before:
/// defaults &lt; YAML file &lt; <c>POSTOFFICE_*</c> environment variables &lt; command-line options.
/// Every problem surfaces as one <see cref="ConfigurationException"/> before anything starts.
/// </summary>
internal static class PostOfficeOptionsLoader
{
    /// <summary>Loads with the YAML file at <paramref name="configPath"/>, if one is given; no file is looked for otherwise.</summary>
    public static PostOfficeOptions Load(
        string? configPath,
        IEnumerable<KeyValuePair<string, string>> environment,
        IEnumerable<CommandLineValue> commandLine)
    {
        if (configPath is null)
        {
            return Load(null, null, environment, commandLine);
        }

        StreamReader reader;
        try
        {
            reader = new StreamReader(configPath);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new ConfigurationException($"{configPath}: cannot read the config file: {exception.Message}", exception);
        }

        using (reader)
        {
            return Load(configPath, reader, environment, commandLine);
        }
    }

    /// <summary>Loads with YAML text read from <paramref name="config"/> and named <paramref name="configName"/> in messages.</summary>
    public static PostOfficeOptions Load(
        string? configName,
        TextReader? config,
        IEnumerable<KeyValuePair<string, string>> environment,
        IEnumerable<CommandLineValue> commandLine)
    {
        var binder = new ConfigBinder();
        if (config is not null)
        {
            YamlConfigSource.Apply(configName ?? "config", config, binder);
        }

        EnvironmentConfigSource.Apply(environment, binder);
        foreach (var value in commandLine)
        {
            var setting = ConfigSettings.Find(value.Key)
                ?? throw new InvalidOperationException($"Option {value.Option} binds unknown key {value.Key}.");
            binder.Apply(setting, value.Value, $"option {value.Option}");
        }

        Validate(binder);
        return binder.Options;
    }

    /// <summary>Checks that need more than one key; single values were checked as they were parsed.</summary>
    private static void Validate(ConfigBinder binder)
    {
        var options = binder.Options;
        if (options.Mqtt.TlsPrivateKey.Length > 0 && options.Mqtt.TlsCertificate.Length == 0)
        {
            throw new ConfigurationException(
                $"{binder.OriginOf("mqtt.tls.privateKey")}: mqtt.tls.privateKey: set, but mqtt.tls.certificate is not");
        }

        (string Key, int Port)[] ports =
        [
            ("http.port", options.Http.Port),
            ("mqtt.port", options.Mqtt.Port),
            ("mqtt.tlsPort", options.Mqtt.TlsPort),
        ];
        for (var i = 0; i < ports.Length; i++)
        {
            for (var j = i + 1; j < ports.Length; j++)
            {
                if (ports[i].Port != ports[j].Port)
                {
                    continue;
                }

                // Blame the key somebody set, not the one left at its default.
                var (blamed, other) = binder.OriginOf(ports[j].Key) == ConfigBinder.DefaultOrigin
                    ? (ports[i].Key, ports[j].Key)
                    : (ports[j].Key, ports[i].Key);
                throw new ConfigurationException(
                    $"{binder.OriginOf(blamed)}: {blamed}: port {ports[i].Port} is also used by {other} ({binder.OriginOf(other)})");
            }
        }
    }
}
