using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace PostOffice.Aws.Protocol;

/// <summary>Writes an action's result as the JSON protocol's response body: one object, members by their JSON names.</summary>
internal sealed class JsonAwsOutput : IAwsOutput, IDisposable
{
    // The relaxed encoder leaves non-ASCII text and HTML-sensitive characters unescaped: the body is never embedded
    // in HTML, and unescaped UTF-8 is both shorter and what the SDKs themselves send.
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly Utf8JsonWriter _writer;

    public JsonAwsOutput(IBufferWriter<byte> output)
    {
        _writer = new Utf8JsonWriter(output, Options);
    }

    /// <summary>Opens the response object.</summary>
    public void WriteStartDocument() => _writer.WriteStartObject();

    /// <summary>Closes the response object and flushes into the buffer.</summary>
    public void WriteEndDocument()
    {
        _writer.WriteEndObject();
        _writer.Flush();
    }

    public void WriteString(AwsMember member, string? value)
    {
        if (value is not null)
        {
            _writer.WriteString(member.JsonName, value);
        }
    }

    public void WriteString(AwsMember member, ReadOnlySpan<char> value) => _writer.WriteString(member.JsonName, value);

    public void WriteNumber(AwsMember member, long value) => _writer.WriteNumber(member.JsonName, value);

    public void WriteBoolean(AwsMember member, bool value) => _writer.WriteBoolean(member.JsonName, value);

    public void WriteBlob(AwsMember member, ReadOnlySpan<byte> value) => _writer.WriteBase64String(member.JsonName, value);

    public void WriteStringList(AwsMember member, IEnumerable<string> values)
    {
        _writer.WriteStartArray(member.JsonName);
        foreach (var value in values)
        {
            _writer.WriteStringValue(value);
        }

        _writer.WriteEndArray();
    }

    public void WriteStringMap(AwsMember member, string keyName, string valueName, IEnumerable<KeyValuePair<string, string>> entries)
    {
        _writer.WriteStartObject(member.JsonName);
        foreach (var (key, value) in entries)
        {
            _writer.WriteString(key, value);
        }

        _writer.WriteEndObject();
    }

    public void WriteStartStructureList(AwsMember member) => _writer.WriteStartArray(member.JsonName);

    public void WriteStartStructure() => _writer.WriteStartObject();

    public void WriteEndStructure() => _writer.WriteEndObject();

    public void WriteEndStructureList() => _writer.WriteEndArray();

    public void WriteStartStructureMap(AwsMember member, string keyName, string valueName) => _writer.WriteStartObject(member.JsonName);

    public void WriteStartStructureMapEntry(string key) => _writer.WriteStartObject(key);

    public void WriteEndStructureMapEntry() => _writer.WriteEndObject();

    public void WriteEndStructureMap() => _writer.WriteEndObject();

    public void Dispose() => _writer.Dispose();
}
