namespace PostOffice.Server.Configuration;

/// <summary>
/// Applies values from successive sources onto one <see cref="PostOfficeOptions"/>, remembering where each key
/// was last set so that later checks can name the line or variable to fix.
/// </summary>
internal sealed class ConfigBinder
{
    public const string DefaultOrigin = "default";

    private const int MaxQuotedLength = 60;

    private readonly Dictionary<string, string> _origins = new(StringComparer.Ordinal);

    public PostOfficeOptions Options { get; } = new();

    /// <summary>Parses and stores one value; throws a <see cref="ConfigurationException"/> naming origin and key if it is invalid.</summary>
    public void Apply(ConfigSetting setting, string value, string origin)
    {
        if (!setting.TryApply(Options, value))
        {
            throw new ConfigurationException($"{origin}: {setting.Key}: {Quote(value)} is not {setting.Expectation}");
        }

        _origins[setting.Key] = origin;
    }

    /// <summary>"postoffice.yaml:7", "environment variable POSTOFFICE_HTTP__PORT", "option --http-port" or "default".</summary>
    public string OriginOf(string key) => _origins.GetValueOrDefault(key, DefaultOrigin);

    /// <summary>Quotes a value for a one-line message, cutting it short and flattening line breaks.</summary>
    public static string Quote(string value)
    {
        var flat = value.ReplaceLineEndings(" ");
        return flat.Length <= MaxQuotedLength ? $"\"{flat}\"" : $"\"{flat[..MaxQuotedLength]}...\"";
    }
}
