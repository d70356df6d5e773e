using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace PostOffice.Server.Configuration;

/// <summary>
/// Binds a YAML file through the representation model rather than a deserializer, because every node keeps its
/// line: errors can then say <c>postoffice.yaml:7: http.port: "abc" is not a port (1-65535)</c>.
/// </summary>
/// <remarks>
/// Shape: one document whose root is a mapping; sections (<c>http</c>, <c>mqtt</c>, ...) are nested mappings;
/// leaves are scalars. An empty file, or an empty section, leaves the defaults alone.
/// </remarks>
internal static class YamlConfigSource
{
    public static void Apply(string fileName, TextReader reader, ConfigBinder binder)
    {
        var scanner = new Scanner(reader);
        var stream = new YamlStream();
        try
        {
            stream.Load(new Parser(scanner));
        }
        catch (YamlException exception)
        {
            // YamlDotNet's message carries no position of its own; Start is 1-based.
            throw new ConfigurationException(
                $"{fileName}:{exception.Start.Line}:{exception.Start.Column}: {exception.Message}", exception);
        }
        catch (InvalidOperationException exception)
        {
            // YamlDotNet 16.3 throws this instead of a YamlException for some broken flow collections
            // (e.g. "port: [1," followed by more keys); the scanner's position is still where it gave up.
            var position = scanner.CurrentPosition;
            throw new ConfigurationException(
                $"{fileName}:{position.Line}:{position.Column}: malformed YAML (is a bracket or quote left open?)", exception);
        }

        if (stream.Documents.Count == 0)
        {
            return;
        }

        if (stream.Documents.Count > 1)
        {
            throw new ConfigurationException(
                $"{fileName}:{stream.Documents[1].RootNode.Start.Line}: only one YAML document is allowed");
        }

        switch (stream.Documents[0].RootNode)
        {
            case YamlScalarNode scalar when IsNull(scalar):
                return;
            case YamlMappingNode mapping:
                ApplyMapping(fileName, string.Empty, mapping, binder);
                return;
            case var other:
                throw new ConfigurationException(
                    $"{fileName}:{other.Start.Line}: expected settings as \"key: value\" lines, found a {Describe(other)}");
        }
    }

    private static void ApplyMapping(string fileName, string section, YamlMappingNode mapping, ConfigBinder binder)
    {
        foreach (var (keyNode, valueNode) in mapping.Children)
        {
            var keyLine = $"{fileName}:{keyNode.Start.Line}";
            if (keyNode is not YamlScalarNode { Value: { Length: > 0 } name })
            {
                throw new ConfigurationException($"{keyLine}: expected a key name, found a {Describe(keyNode)}");
            }

            var key = section.Length == 0 ? name : $"{section}.{name}";
            if (ConfigSettings.Find(key) is { } setting)
            {
                ApplyValue(fileName, key, setting, valueNode, binder);
            }
            else if (ConfigSettings.IsSection(key))
            {
                switch (valueNode)
                {
                    case YamlMappingNode children:
                        ApplyMapping(fileName, key, children, binder);
                        break;
                    case YamlScalarNode scalar when IsNull(scalar):
                        break;
                    default:
                        throw new ConfigurationException(
                            $"{fileName}:{valueNode.Start.Line}: {key}: expected a section of keys "
                            + $"({string.Join(", ", ConfigSettings.ChildNames(key))}), found a {Describe(valueNode)}");
                }
            }
            else
            {
                throw new ConfigurationException($"{keyLine}: {key}: unknown key" + SuggestKey(section, name));
            }
        }
    }

    private static void ApplyValue(string fileName, string key, ConfigSetting setting, YamlNode valueNode, ConfigBinder binder)
    {
        var valueLine = $"{fileName}:{valueNode.Start.Line}";
        if (valueNode is not YamlScalarNode { Value: { } value } scalar)
        {
            throw new ConfigurationException($"{valueLine}: {key}: expected {setting.Expectation}, found a {Describe(valueNode)}");
        }

        if (IsNull(scalar))
        {
            throw new ConfigurationException($"{valueLine}: {key}: no value given; expected {setting.Expectation}");
        }

        binder.Apply(setting, value, valueLine);
    }

    // Close siblings first ("htp" -> "http"); failing that, a key of the same name in another section
    // ("port" at the top level -> "http.port" or "mqtt.port").
    private static string SuggestKey(string section, string name)
    {
        var siblings = ConfigSettings.ChildNames(section).Select(sibling => section.Length == 0 ? sibling : $"{section}.{sibling}");
        var key = section.Length == 0 ? name : $"{section}.{name}";
        var close = KeySuggester.Suggest(key, siblings);
        if (close.Count == 0)
        {
            close = ConfigSettings.All
                .Select(setting => setting.Key)
                .Where(known => string.Equals(known[(known.LastIndexOf('.') + 1)..], name, StringComparison.OrdinalIgnoreCase))
                .Take(2)
                .ToList();
        }

        return KeySuggester.Format(close);
    }

    // YAML 1.2 core schema: an unquoted empty value, ~ or null is null. A quoted "" is an (empty) string.
    private static bool IsNull(YamlScalarNode scalar) =>
        scalar.Style is ScalarStyle.Plain or ScalarStyle.Any
        && scalar.Value is null or "" or "~" or "null" or "Null" or "NULL";

    private static string Describe(YamlNode node) => node switch
    {
        YamlMappingNode => "section (key: value lines)",
        YamlSequenceNode => "list",
        _ => "value",
    };
}
