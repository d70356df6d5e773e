using System.Buffers;
using System.Text;
using System.Xml.Linq;
using PostOffice.Aws.Protocol;

namespace PostOffice.Aws.Tests.Protocol;

public sealed class Utf8XmlWriterTests
{
    private static string Write(Action<Utf8XmlWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        write(new Utf8XmlWriter(buffer));
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    [Fact]
    public void WriteText_MarkupAndCarriageReturn_EscapedAsAwsDoes()
    {
        var xml = Write(writer => writer.WriteElement("Body", "hello\r\nworld <&> \"q\" 'x'\t"));

        Assert.Equal("<Body>hello&#xD;\nworld &lt;&amp;&gt; &quot;q&quot; 'x'\t</Body>", xml);
    }

    [Fact]
    public void WriteText_AnyAllowedText_ParsesBackToTheSameString()
    {
        var text = "a\r\n\r\rb\n\t & <![CDATA[ ]]> caf\u00e9 \U0001F600 \uD7FF\uE000\uFFFD";

        var xml = Write(writer => writer.WriteElement("Body", text));

        Assert.Equal(text, XElement.Parse(xml).Value);
    }

    [Fact]
    public void WriteText_CharactersXmlCannotCarry_ReplacedSoTheDocumentStaysWellFormed()
    {
        var xml = Write(writer => writer.WriteElement("Message", "a\u0000b\u001Fc\uFFFEd\uD800e"));

        Assert.Equal("a\uFFFDb\uFFFDc\uFFFDd\uFFFDe", XElement.Parse(xml).Value);
    }

    [Fact]
    public void Elements_DeclarationNamespaceAndEmptyElement_WrittenVerbatim()
    {
        var xml = Write(writer =>
        {
            writer.WriteDeclaration();
            writer.WriteStartElement("ErrorResponse", "http://queue.amazonaws.com/doc/2012-11-05/");
            writer.WriteEmptyElement("Detail");
            writer.WriteEndElement("ErrorResponse");
        });

        Assert.Equal("<?xml version=\"1.0\"?><ErrorResponse xmlns=\"http://queue.amazonaws.com/doc/2012-11-05/\"><Detail/></ErrorResponse>", xml);
    }
}
