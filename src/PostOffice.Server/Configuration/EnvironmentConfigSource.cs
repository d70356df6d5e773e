namespace PostOffice.Server.Configuration;

/// <summary>
/// Binds <c>POSTOFFICE_*</c> environment variables: the key's levels joined by <c>__</c>, e.g.
/// <c>POSTOFFICE_HTTP__PORT=5000</c> for <c>http.port</c>. A variable with the prefix that names no key is an error,
/// because <c>POSTOFFICE_HTTP_PORT</c> (one underscore) would otherwise be ignored without a word.
/// </summary>
internal static class EnvironmentConfigSource
{
    public static void Apply(IEnumerable<KeyValuePair<string, string>> environment, ConfigBinder binder)
    {
        // Sorted so that the first error reported does not depend on the platform's enumeration order.
        var ours = environment
            .Where(variable => variable.Key.StartsWith(ConfigSetting.EnvironmentPrefix, StringComparison.OrdinalIgnoreCase))
            .OrderBy(variable => variable.Key, StringComparer.Ordinal);
        foreach (var (name, value) in ours)
        {
            var origin = $"environment variable {name}";
            var setting = ConfigSettings.FindByEnvironmentVariable(name)
                ?? throw new ConfigurationException($"{origin}: unknown setting" + SuggestVariable(name));
            binder.Apply(setting, value, origin);
        }
    }

    // Compared without the shared prefix, which would otherwise make every variable look close to every other.
    private static string SuggestVariable(string name)
    {
        var prefixLength = ConfigSetting.EnvironmentPrefix.Length;
        var close = KeySuggester.Suggest(
            name[prefixLength..], ConfigSettings.All.Select(known => known.EnvironmentVariable[prefixLength..]));
        return KeySuggester.Format(close.Select(suffix => ConfigSetting.EnvironmentPrefix + suffix).ToList());
    }
}
