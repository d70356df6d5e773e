using System.Collections.Frozen;
using System.Reflection;
using System.Text.Json;

namespace PostOffice.Aws.Errors;

/// <summary>
/// Error definitions loaded from an embedded JSON file (STYLE §4: the catalog is data). A service's catalog falls
/// back to <see cref="Common"/>, which holds the protocol-level errors every AWS API shares.
/// </summary>
/// <remarks>
/// File format: <c>{"errors": [{"code", "jsonType", "queryCode", "status", "fault": "Sender"|"Receiver", "message"}]}</c>.
/// A malformed file is a bug and throws <see cref="InvalidDataException"/> when loaded; tests load every catalog.
/// </remarks>
internal sealed class AwsErrorCatalog
{
    private readonly FrozenDictionary<string, AwsErrorDefinition> _definitions;
    private readonly AwsErrorCatalog? _fallback;

    private AwsErrorCatalog(FrozenDictionary<string, AwsErrorDefinition> definitions, AwsErrorCatalog? fallback)
    {
        _definitions = definitions;
        _fallback = fallback;
    }

    /// <summary>The protocol-level errors (InvalidAction, MalformedQueryString, SerializationException...).</summary>
    public static AwsErrorCatalog Common { get; } = LoadEmbedded("PostOffice.Aws.Errors.CommonErrors.json", fallback: null);

    /// <summary>The definitions of this catalog itself, without its fallback.</summary>
    public IEnumerable<AwsErrorDefinition> Definitions => _definitions.Values;

    /// <summary>The definition of a code, here or in the fallback.</summary>
    public bool TryFind(string code, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out AwsErrorDefinition? definition)
    {
        if (_definitions.TryGetValue(code, out definition))
        {
            return true;
        }

        return _fallback is not null && _fallback.TryFind(code, out definition);
    }

    /// <summary>The definition of a code; an unknown code is a bug and answers as InternalFailure.</summary>
    public AwsErrorDefinition Find(string code) =>
        TryFind(code, out var definition) ? definition : Common._definitions[AwsErrorCodes.InternalFailure];

    public static AwsErrorCatalog LoadEmbedded(string resourceName, AwsErrorCatalog? fallback)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(resourceName)
            ?? throw new InvalidDataException($"Error catalog resource {resourceName} is missing from the assembly.");
        using var document = JsonDocument.Parse(stream);
        return Parse(document.RootElement, resourceName, fallback);
    }

    internal static AwsErrorCatalog Parse(JsonElement root, string source, AwsErrorCatalog? fallback)
    {
        var definitions = new Dictionary<string, AwsErrorDefinition>(StringComparer.Ordinal);
        if (!root.TryGetProperty("errors", out var errors) || errors.ValueKind != JsonValueKind.Array)
        {
            throw new InvalidDataException($"{source}: expected an \"errors\" array.");
        }

        foreach (var entry in errors.EnumerateArray())
        {
            var code = Required(entry, "code", source);
            var fault = Required(entry, "fault", source);
            if (fault is not ("Sender" or "Receiver"))
            {
                throw new InvalidDataException($"{source}: {code} has fault \"{fault}\"; expected Sender or Receiver.");
            }

            if (!entry.TryGetProperty("status", out var status) || !status.TryGetInt32(out var httpStatus) || httpStatus is < 400 or > 599)
            {
                throw new InvalidDataException($"{source}: {code} needs an HTTP error status (400-599).");
            }

            var definition = new AwsErrorDefinition(
                code, Required(entry, "jsonType", source), Required(entry, "queryCode", source), httpStatus, fault == "Sender", Required(entry, "message", source));
            if (!definitions.TryAdd(code, definition))
            {
                throw new InvalidDataException($"{source}: {code} is defined twice.");
            }
        }

        return new AwsErrorCatalog(definitions.ToFrozenDictionary(StringComparer.Ordinal), fallback);
    }

    private static string Required(JsonElement entry, string name, string source) =>
        entry.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text
            ? text
            : throw new InvalidDataException($"{source}: an entry lacks \"{name}\": {entry.GetRawText()}");
}
