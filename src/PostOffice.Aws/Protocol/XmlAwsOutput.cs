using System.Buffers;

namespace PostOffice.Aws.Protocol;

/// <summary>
/// Writes an action's result as an awsQuery XML response:
/// <c>&lt;XxxResponse xmlns&gt;&lt;XxxResult&gt;...&lt;/XxxResult&gt;&lt;ResponseMetadata&gt;&lt;RequestId&gt;</c>, with lists and maps
/// flattened as the query model declares them.
/// </summary>
internal sealed class XmlAwsOutput : IAwsOutput
{
    private readonly Utf8XmlWriter _xml;

    // Element names of the open lists and maps: a list item or map entry repeats its member's query name.
    private readonly Stack<(string Element, string KeyName, string ValueName)> _open = new();

    public XmlAwsOutput(IBufferWriter<byte> output)
    {
        _xml = new Utf8XmlWriter(output);
    }

    /// <summary>Writes the declaration and opens <c>{action}Response</c> and, when the action has one, <c>{action}Result</c>.</summary>
    public void WriteStartDocument(string action, string xmlNamespace, bool hasResult)
    {
        _xml.WriteDeclaration();
        _xml.WriteStartElement(action + "Response", xmlNamespace);
        if (hasResult)
        {
            _xml.WriteStartElement(action + "Result");
        }
    }

    /// <summary>Closes the result and writes the response metadata.</summary>
    public void WriteEndDocument(string action, bool hasResult, string requestId)
    {
        if (hasResult)
        {
            _xml.WriteEndElement(action + "Result");
        }

        _xml.WriteStartElement("ResponseMetadata");
        _xml.WriteElement("RequestId", requestId);
        _xml.WriteEndElement("ResponseMetadata");
        _xml.WriteEndElement(action + "Response");
    }

    public void WriteString(AwsMember member, string? value)
    {
        if (value is not null)
        {
            _xml.WriteElement(member.QueryName, value);
        }
    }

    public void WriteString(AwsMember member, ReadOnlySpan<char> value) => _xml.WriteElement(member.QueryName, value);

    public void WriteNumber(AwsMember member, long value)
    {
        Span<char> digits = stackalloc char[20];
        value.TryFormat(digits, out var length, provider: System.Globalization.CultureInfo.InvariantCulture);
        _xml.WriteElement(member.QueryName, digits[..length]);
    }

    public void WriteBoolean(AwsMember member, bool value) => _xml.WriteElement(member.QueryName, value ? "true" : "false");

    public void WriteBlob(AwsMember member, ReadOnlySpan<byte> value) => _xml.WriteElement(member.QueryName, Convert.ToBase64String(value));

    public void WriteStringList(AwsMember member, IEnumerable<string> values)
    {
        foreach (var value in values)
        {
            _xml.WriteElement(member.QueryName, value);
        }
    }

    public void WriteStringMap(AwsMember member, string keyName, string valueName, IEnumerable<KeyValuePair<string, string>> entries)
    {
        foreach (var (key, value) in entries)
        {
            _xml.WriteStartElement(member.QueryName);
            _xml.WriteElement(keyName, key);
            _xml.WriteElement(valueName, value);
            _xml.WriteEndElement(member.QueryName);
        }
    }

    public void WriteStartStructureList(AwsMember member) => _open.Push((member.QueryName, string.Empty, string.Empty));

    public void WriteStartStructure() => _xml.WriteStartElement(_open.Peek().Element);

    public void WriteEndStructure() => _xml.WriteEndElement(_open.Peek().Element);

    public void WriteEndStructureList() => _open.Pop();

    public void WriteStartStructureMap(AwsMember member, string keyName, string valueName) => _open.Push((member.QueryName, keyName, valueName));

    public void WriteStartStructureMapEntry(string key)
    {
        var (element, keyName, valueName) = _open.Peek();
        _xml.WriteStartElement(element);
        _xml.WriteElement(keyName, key);
        _xml.WriteStartElement(valueName);
    }

    public void WriteEndStructureMapEntry()
    {
        var (element, _, valueName) = _open.Peek();
        _xml.WriteEndElement(valueName);
        _xml.WriteEndElement(element);
    }

    public void WriteEndStructureMap() => _open.Pop();
}
