namespace PostOffice.Server.Configuration;

/// <summary>
/// One known key: its dotted name as written in YAML (<c>http.port</c>), the environment variable that sets it
/// (<c>POSTOFFICE_HTTP__PORT</c>), what a valid value looks like, and how to store a parsed value.
/// </summary>
internal sealed class ConfigSetting
{
    public const string EnvironmentPrefix = "POSTOFFICE_";

    private readonly Func<PostOfficeOptions, string, bool> _tryApply;

    private ConfigSetting(string key, string expectation, Func<PostOfficeOptions, string, bool> tryApply)
    {
        Key = key;
        Expectation = expectation;
        EnvironmentVariable = EnvironmentPrefix + key.Replace(".", "__", StringComparison.Ordinal).ToUpperInvariant();
        _tryApply = tryApply;
    }

    public delegate bool TryParser<T>(string text, out T value);

    public string Key { get; }

    public string EnvironmentVariable { get; }

    /// <summary>Completes "is not ...", e.g. "a port (1-65535)".</summary>
    public string Expectation { get; }

    public static ConfigSetting Create<T>(
        string key, string expectation, TryParser<T> parse, Action<PostOfficeOptions, T> assign) =>
        new(key, expectation, (options, text) =>
        {
            if (!parse(text, out var value))
            {
                return false;
            }

            assign(options, value);
            return true;
        });

    /// <summary>Parses <paramref name="text"/> and stores it; false (and nothing stored) when it is not valid.</summary>
    public bool TryApply(PostOfficeOptions options, string text) => _tryApply(options, text);
}
