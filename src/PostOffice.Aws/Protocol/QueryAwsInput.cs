using System.Globalization;
using PostOffice.Aws.Errors;

namespace PostOffice.Aws.Protocol;

/// <summary>
/// Reads an awsQuery request (or one structure inside it, under a prefix such as
/// <c>SendMessageBatchRequestEntry.2.</c>) by the flattened member names of the query service model.
/// </summary>
internal sealed class QueryAwsInput : IAwsInput
{
    private readonly QueryParameters _parameters;
    private readonly string _prefix;

    public QueryAwsInput(QueryParameters parameters, string prefix = "")
    {
        _parameters = parameters;
        _prefix = prefix;
    }

    public AwsProtocol Protocol => AwsProtocol.Query;

    public string NameOf(AwsMember member) => _prefix + member.QueryName;

    public string? GetString(AwsMember member) => _parameters[NameOf(member)];

    public int? GetInt32(AwsMember member)
    {
        var name = NameOf(member);
        if (_parameters[name] is not { } text)
        {
            return null;
        }

        return int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw AwsProtocolException.InvalidParameterValue(name, text, "must be an integer.");
    }

    public byte[]? GetBlob(AwsMember member)
    {
        var name = NameOf(member);
        if (_parameters[name] is not { } text)
        {
            return null;
        }

        try
        {
            return Convert.FromBase64String(text);
        }
        catch (FormatException)
        {
            throw AwsProtocolException.InvalidParameterValue(name, text, "must be base64-encoded.");
        }
    }

    public IReadOnlyList<string> GetStringList(AwsMember member)
    {
        var name = NameOf(member);
        var indexes = _parameters.IndexesOf(name);
        var list = new List<string>(indexes.Count);
        foreach (var index in indexes)
        {
            if (_parameters[Indexed(name, index)] is { } value)
            {
                list.Add(value);
            }
        }

        return list;
    }

    public IReadOnlyDictionary<string, string> GetStringMap(AwsMember member, string keyName, string valueName)
    {
        var name = NameOf(member);
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var index in _parameters.IndexesOf(name))
        {
            var entry = Indexed(name, index);
            var keyParameter = $"{entry}.{keyName}";
            var key = _parameters[keyParameter] ?? throw AwsProtocolException.MissingParameter(keyParameter);
            map[key] = _parameters[$"{entry}.{valueName}"] ?? string.Empty;
        }

        return map;
    }

    public IReadOnlyList<IAwsInput> GetStructureList(AwsMember member)
    {
        var name = NameOf(member);
        var indexes = _parameters.IndexesOf(name);
        var list = new List<IAwsInput>(indexes.Count);
        foreach (var index in indexes)
        {
            list.Add(new QueryAwsInput(_parameters, Indexed(name, index) + "."));
        }

        return list;
    }

    public IReadOnlyList<KeyValuePair<string, IAwsInput>> GetStructureMap(AwsMember member, string keyName, string valueName)
    {
        var name = NameOf(member);
        var indexes = _parameters.IndexesOf(name);
        var list = new List<KeyValuePair<string, IAwsInput>>(indexes.Count);
        foreach (var index in indexes)
        {
            var entry = Indexed(name, index);
            var keyParameter = $"{entry}.{keyName}";
            var key = _parameters[keyParameter] ?? throw AwsProtocolException.MissingParameter(keyParameter);
            list.Add(new(key, new QueryAwsInput(_parameters, $"{entry}.{valueName}.")));
        }

        return list;
    }

    private static string Indexed(string name, int index) => string.Create(CultureInfo.InvariantCulture, $"{name}.{index}");
}
