using System.Buffers;
using System.Text;

namespace PostOffice.Aws.Protocol;

/// <summary>
/// The few XML constructs AWS query responses use (declaration, elements, escaped text), written as UTF-8 straight
/// into a buffer. Element names are trusted ASCII; text is escaped as AWS escapes it.
/// </summary>
internal sealed class Utf8XmlWriter
{
    // Escaped in text: the markup characters, and every character an XML parser would not return as written.
    // '\r' must be a character reference (AWS writes &#xD;): a literal CR is normalized to LF by every parser
    // (XML 1.0 §2.11), which would change message bodies. '\t' and '\n' survive parsing and stay literal.
    // Characters XML 1.0 cannot carry at all (other C0 controls, U+FFFE, U+FFFF; lone surrogates via the UTF-8
    // encoder) become U+FFFD, so that the document stays well-formed; SQS itself refuses them in messages.
    private static readonly SearchValues<char> Special = SearchValues.Create(
        "&<>\"\r\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008\u000B\u000C\u000E\u000F" +
        "\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001A\u001B\u001C\u001D\u001E\u001F\uFFFE\uFFFF");

    private readonly IBufferWriter<byte> _output;

    public Utf8XmlWriter(IBufferWriter<byte> output)
    {
        _output = output;
    }

    public void WriteDeclaration() => WriteRaw("<?xml version=\"1.0\"?>"u8);

    public void WriteStartElement(string name)
    {
        WriteRaw("<"u8);
        WriteAscii(name);
        WriteRaw(">"u8);
    }

    /// <summary>A start tag with an <c>xmlns</c> attribute (a trusted URI).</summary>
    public void WriteStartElement(string name, string xmlNamespace)
    {
        WriteRaw("<"u8);
        WriteAscii(name);
        WriteRaw(" xmlns=\""u8);
        WriteAscii(xmlNamespace);
        WriteRaw("\">"u8);
    }

    public void WriteEndElement(string name)
    {
        WriteRaw("</"u8);
        WriteAscii(name);
        WriteRaw(">"u8);
    }

    public void WriteEmptyElement(string name)
    {
        WriteRaw("<"u8);
        WriteAscii(name);
        WriteRaw("/>"u8);
    }

    public void WriteElement(string name, ReadOnlySpan<char> text)
    {
        WriteStartElement(name);
        WriteText(text);
        WriteEndElement(name);
    }

    public void WriteText(ReadOnlySpan<char> text)
    {
        while (!text.IsEmpty)
        {
            var special = text.IndexOfAny(Special);
            var run = special < 0 ? text : text[..special];
            if (!run.IsEmpty)
            {
                var span = _output.GetSpan(Encoding.UTF8.GetByteCount(run));
                _output.Advance(Encoding.UTF8.GetBytes(run, span));
            }

            if (special < 0)
            {
                return;
            }

            WriteRaw(text[special] switch
            {
                '&' => "&amp;"u8,
                '<' => "&lt;"u8,
                '>' => "&gt;"u8,
                '"' => "&quot;"u8,
                '\r' => "&#xD;"u8,
                _ => "\uFFFD"u8,
            });
            text = text[(special + 1)..];
        }
    }

    public void WriteRaw(ReadOnlySpan<byte> utf8)
    {
        var span = _output.GetSpan(utf8.Length);
        utf8.CopyTo(span);
        _output.Advance(utf8.Length);
    }

    private void WriteAscii(string value)
    {
        var span = _output.GetSpan(value.Length);
        var written = Encoding.ASCII.GetBytes(value, span);
        _output.Advance(written);
    }
}
