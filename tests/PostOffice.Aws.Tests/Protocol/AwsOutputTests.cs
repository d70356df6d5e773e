using System.Buffers;
using System.Text;
using PostOffice.Aws.Protocol;

namespace PostOffice.Aws.Tests.Protocol;

/// <summary>One shape written through both outputs: JSON members and arrays versus flattened XML elements.</summary>
public sealed class AwsOutputTests
{
    private static readonly AwsMember Messages = new("Messages", "Message");
    private static readonly AwsMember Attributes = new("Attributes", "Attribute");
    private static readonly AwsMember MessageAttributes = new("MessageAttributes", "MessageAttribute");
    private static readonly AwsMember QueueUrls = new("QueueUrls", "QueueUrl");

    private static void WriteSample(IAwsOutput output)
    {
        output.WriteStringList(QueueUrls, ["u1", "u2"]);
        output.WriteStartStructureList(Messages);
        output.WriteStartStructure();
        output.WriteString(new AwsMember("Body"), "b<");
        output.WriteString(new AwsMember("Absent"), (string?)null);
        output.WriteStringMap(Attributes, "Name", "Value", [new("SentTimestamp", "1")]);
        output.WriteStartStructureMap(MessageAttributes, "Name", "Value");
        output.WriteStartStructureMapEntry("bin");
        output.WriteBlob(new AwsMember("BinaryValue"), [0, 1]);
        output.WriteString(new AwsMember("DataType"), "Binary");
        output.WriteEndStructureMapEntry();
        output.WriteEndStructureMap();
        output.WriteEndStructure();
        output.WriteEndStructureList();
        output.WriteNumber(new AwsMember("Count"), 7);
        output.WriteBoolean(new AwsMember("SenderFault"), true);
    }

    [Fact]
    public void JsonOutput_Sample_WritesMembersArraysAndObjects()
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var output = new JsonAwsOutput(buffer))
        {
            output.WriteStartDocument();
            WriteSample(output);
            output.WriteEndDocument();
        }

        Assert.Equal(
            """{"QueueUrls":["u1","u2"],"Messages":[{"Body":"b<","Attributes":{"SentTimestamp":"1"},"MessageAttributes":{"bin":{"BinaryValue":"AAE=","DataType":"Binary"}}}],"Count":7,"SenderFault":true}""",
            Encoding.UTF8.GetString(buffer.WrittenSpan));
    }

    [Fact]
    public void XmlOutput_Sample_WritesFlattenedElementsInsideTheEnvelope()
    {
        var buffer = new ArrayBufferWriter<byte>();
        var output = new XmlAwsOutput(buffer);
        output.WriteStartDocument("ReceiveMessage", "urn:ns", hasResult: true);
        WriteSample(output);
        output.WriteEndDocument("ReceiveMessage", hasResult: true, "req-1");

        Assert.Equal(
            "<?xml version=\"1.0\"?><ReceiveMessageResponse xmlns=\"urn:ns\"><ReceiveMessageResult>"
            + "<QueueUrl>u1</QueueUrl><QueueUrl>u2</QueueUrl>"
            + "<Message><Body>b&lt;</Body><Attribute><Name>SentTimestamp</Name><Value>1</Value></Attribute>"
            + "<MessageAttribute><Name>bin</Name><Value><BinaryValue>AAE=</BinaryValue><DataType>Binary</DataType></Value></MessageAttribute></Message>"
            + "<Count>7</Count><SenderFault>true</SenderFault>"
            + "</ReceiveMessageResult><ResponseMetadata><RequestId>req-1</RequestId></ResponseMetadata></ReceiveMessageResponse>",
            Encoding.UTF8.GetString(buffer.WrittenSpan));
    }

    [Fact]
    public void XmlOutput_ActionWithoutResult_WritesOnlyMetadata()
    {
        var buffer = new ArrayBufferWriter<byte>();
        var output = new XmlAwsOutput(buffer);
        output.WriteStartDocument("DeleteMessage", "urn:ns", hasResult: false);
        output.WriteEndDocument("DeleteMessage", hasResult: false, "req-2");

        Assert.Equal(
            "<?xml version=\"1.0\"?><DeleteMessageResponse xmlns=\"urn:ns\"><ResponseMetadata><RequestId>req-2</RequestId></ResponseMetadata></DeleteMessageResponse>",
            Encoding.UTF8.GetString(buffer.WrittenSpan));
    }
}
