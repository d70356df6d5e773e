using Microsoft.Extensions.Logging;
using PostOffice.Server.Hosting;

namespace PostOffice.Server.Configuration;

/// <summary>
/// The table of every key the server understands. YAML, environment variables and command-line options all bind
/// through it, so a key has one name, one parser and one error message wherever it is set. Keys not in this
/// table are errors: a misspelt key silently ignored is a setting silently not applied.
/// Each key and its default is documented in <c>postoffice.example.yaml</c>, which a test keeps complete.
/// </summary>
internal static class ConfigSettings
{
    public static IReadOnlyList<ConfigSetting> All { get; } =
    [
        ConfigSetting.Create<string>("dataDir", "a directory path", TryParsePath, (o, v) => o.DataDirectory = v),
        ConfigSetting.Create<TimeSpan>(
            "shutdownTimeout",
            $"a duration up to 1h ({ConfigValueParser.DurationSyntax})",
            (string t, out TimeSpan v) => ConfigValueParser.TryParseDuration(t, out v) && v <= TimeSpan.FromHours(1),
            (o, v) => o.ShutdownTimeout = v),
        ConfigSetting.Create<CpuSchedulingPolicy>(
            "cpuScheduling", "batch or normal", ConfigValueParser.TryParseCpuScheduling, (o, v) => o.CpuScheduling = v),
        ConfigSetting.Create<BindAddress>("http.bind", "an IP address or localhost", BindAddress.TryParse, (o, v) => o.Http.Bind = v),
        ConfigSetting.Create<int>("http.port", ConfigValueParser.PortExpectation, ConfigValueParser.TryParsePort, (o, v) => o.Http.Port = v),
        ConfigSetting.Create<int>("mqtt.port", ConfigValueParser.PortExpectation, ConfigValueParser.TryParsePort, (o, v) => o.Mqtt.Port = v),
        ConfigSetting.Create<int>("mqtt.tlsPort", ConfigValueParser.PortExpectation, ConfigValueParser.TryParsePort, (o, v) => o.Mqtt.TlsPort = v),
        ConfigSetting.Create<BindAddress>("mqtt.bind", "an IP address or localhost", BindAddress.TryParse, (o, v) => o.Mqtt.Bind = v),
        ConfigSetting.Create<string>("mqtt.tls.certificate", "a PEM file path, or empty", TryParseOptionalPath, (o, v) => o.Mqtt.TlsCertificate = v),
        ConfigSetting.Create<string>("mqtt.tls.privateKey", "a PEM file path, or empty", TryParseOptionalPath, (o, v) => o.Mqtt.TlsPrivateKey = v),
        ConfigSetting.Create<bool>("mqtt.allowAnonymous", "true or false", ConfigValueParser.TryParseBoolean, (o, v) => o.Mqtt.AllowAnonymous = v),
        ConfigSetting.Create<string>("mqtt.passwordFile", "a file path, or empty", TryParseOptionalPath, (o, v) => o.Mqtt.PasswordFile = v),
        ConfigSetting.Create<long>(
            "mqtt.maxPacketSize",
            $"a size from 1KiB to 256MiB ({ConfigValueParser.SizeSyntax})",
            (string t, out long v) => ConfigValueParser.TryParseSize(t, out v) && v is >= 1L << 10 and < 1L << 28,
            (o, v) => o.Mqtt.MaxPacketSize = v),
        ConfigSetting.Create<int>(
            "mqtt.maxQueuedMessages",
            "a count from 1 to 1000000",
            (string t, out int v) => int.TryParse(t, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out v) && v is >= 1 and <= 1_000_000,
            (o, v) => o.Mqtt.MaxQueuedMessages = v),
        ConfigSetting.Create<int>(
            "mqtt.maxInflight",
            "a count from 1 to 65535",
            (string t, out int v) => int.TryParse(t, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out v) && v is >= 1 and <= 65535,
            (o, v) => o.Mqtt.MaxInflight = v),
        ConfigSetting.Create<int>(
            "mqtt.maxOutgoingTopicAliases",
            "a count from 0 to 65535",
            (string t, out int v) => int.TryParse(t, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out v) && v is >= 0 and <= 65535,
            (o, v) => o.Mqtt.MaxOutgoingTopicAliases = v),
        ConfigSetting.Create<long>(
            "storage.segmentSize",
            $"a size from 1MiB to 1GiB ({ConfigValueParser.SizeSyntax})",
            (string t, out long v) => ConfigValueParser.TryParseSize(t, out v) && v is >= 1L << 20 and <= 1L << 30,
            (o, v) => o.Storage.SegmentSize = v),
        ConfigSetting.Create<TimeSpan>(
            "storage.snapshotInterval",
            $"a duration from 1s to 24h ({ConfigValueParser.DurationSyntax})",
            (string t, out TimeSpan v) => ConfigValueParser.TryParseDuration(t, out v)
                && v >= TimeSpan.FromSeconds(1) && v <= TimeSpan.FromHours(24),
            (o, v) => o.Storage.SnapshotInterval = v),
        ConfigSetting.Create<LogLevel>(
            "logging.level", ConfigValueParser.LogLevelExpectation, ConfigValueParser.TryParseLogLevel, (o, v) => o.Logging.Level = v),
    ];

    public static ConfigSetting? Find(string key) =>
        All.FirstOrDefault(setting => string.Equals(setting.Key, key, StringComparison.Ordinal));

    /// <summary>Environment variable names are matched ignoring case, as a shell user would expect.</summary>
    public static ConfigSetting? FindByEnvironmentVariable(string name) =>
        All.FirstOrDefault(setting => string.Equals(setting.EnvironmentVariable, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>True when <paramref name="key"/> is a section such as <c>http</c> that holds other keys.</summary>
    public static bool IsSection(string key) =>
        All.Any(setting => setting.Key.StartsWith(key + ".", StringComparison.Ordinal));

    /// <summary>The names directly under <paramref name="section"/> ("" for the top level), e.g. <c>bind</c>, <c>port</c>.</summary>
    public static IEnumerable<string> ChildNames(string section)
    {
        var prefix = section.Length == 0 ? string.Empty : section + ".";
        return All
            .Where(setting => setting.Key.StartsWith(prefix, StringComparison.Ordinal))
            .Select(setting => setting.Key[prefix.Length..].Split('.')[0])
            .Distinct(StringComparer.Ordinal);
    }

    private static bool TryParseOptionalPath(string text, out string path)
    {
        path = text.Trim();
        return path.IndexOfAny(Path.GetInvalidPathChars()) < 0;
    }

    private static bool TryParsePath(string text, out string path)
    {
        path = text.Trim();
        return path.Length > 0 && path.IndexOfAny(Path.GetInvalidPathChars()) < 0;
    }
}
