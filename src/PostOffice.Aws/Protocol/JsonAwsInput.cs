using System.Text.Json;
using PostOffice.Aws.Errors;

namespace PostOffice.Aws.Protocol;

/// <summary>
/// Reads a JSON-protocol request (or one object inside it). Backed by a <see cref="JsonDocument"/>: the parse is
/// System.Text.Json's <c>Utf8JsonReader</c> over the pooled request buffer, with pooled metadata and no reflection;
/// strings are materialized only for the members an action asks for.
/// </summary>
internal sealed class JsonAwsInput : IAwsInput
{
    private readonly JsonElement _object;

    public JsonAwsInput(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            throw new AwsProtocolException(AwsErrorCodes.SerializationException, "Start of structure or map found where not expected.");
        }

        _object = value;
    }

    public AwsProtocol Protocol => AwsProtocol.Json;

    public string NameOf(AwsMember member) => member.JsonName;

    public string? GetString(AwsMember member) => TryGet(member, out var value) ? ReadString(value, member.JsonName) : null;

    public int? GetInt32(AwsMember member)
    {
        if (!TryGet(member, out var value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out var number))
        {
            throw AwsProtocolException.Serialization(member.JsonName, "an integer");
        }

        return number;
    }

    public byte[]? GetBlob(AwsMember member)
    {
        if (!TryGet(member, out var value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String || !value.TryGetBytesFromBase64(out var bytes))
        {
            throw AwsProtocolException.Serialization(member.JsonName, "a base64-encoded blob");
        }

        return bytes;
    }

    public IReadOnlyList<string> GetStringList(AwsMember member)
    {
        if (!TryGet(member, out var value))
        {
            return [];
        }

        var array = ExpectArray(value, member.JsonName);
        var list = new List<string>(array.GetArrayLength());
        foreach (var item in array.EnumerateArray())
        {
            list.Add(ReadString(item, member.JsonName));
        }

        return list;
    }

    public IReadOnlyDictionary<string, string> GetStringMap(AwsMember member, string keyName, string valueName)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        if (TryGet(member, out var value))
        {
            foreach (var property in ExpectObject(value, member.JsonName).EnumerateObject())
            {
                map[property.Name] = ReadString(property.Value, member.JsonName);
            }
        }

        return map;
    }

    public IReadOnlyList<IAwsInput> GetStructureList(AwsMember member)
    {
        if (!TryGet(member, out var value))
        {
            return [];
        }

        var array = ExpectArray(value, member.JsonName);
        var list = new List<IAwsInput>(array.GetArrayLength());
        foreach (var item in array.EnumerateArray())
        {
            list.Add(new JsonAwsInput(item));
        }

        return list;
    }

    public IReadOnlyList<KeyValuePair<string, IAwsInput>> GetStructureMap(AwsMember member, string keyName, string valueName)
    {
        if (!TryGet(member, out var value))
        {
            return [];
        }

        var list = new List<KeyValuePair<string, IAwsInput>>();
        foreach (var property in ExpectObject(value, member.JsonName).EnumerateObject())
        {
            list.Add(new(property.Name, new JsonAwsInput(property.Value)));
        }

        return list;
    }

    private bool TryGet(AwsMember member, out JsonElement value) =>
        _object.TryGetProperty(member.JsonName, out value) && value.ValueKind != JsonValueKind.Null;

    private static string ReadString(JsonElement value, string name)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            throw AwsProtocolException.Serialization(name, "a string");
        }

        try
        {
            return value.GetString()!;
        }
        catch (InvalidOperationException)
        {
            // An escape that decodes to a lone surrogate ("\ud800") is valid JSON but not valid text.
            throw AwsProtocolException.Serialization(name, "a string of valid UTF-16");
        }
    }

    private static JsonElement ExpectArray(JsonElement value, string name) =>
        value.ValueKind == JsonValueKind.Array ? value : throw AwsProtocolException.Serialization(name, "a list");

    private static JsonElement ExpectObject(JsonElement value, string name) =>
        value.ValueKind == JsonValueKind.Object ? value : throw AwsProtocolException.Serialization(name, "a map");
}
