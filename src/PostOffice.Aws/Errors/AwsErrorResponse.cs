using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using PostOffice.Aws.Protocol;

namespace PostOffice.Aws.Errors;

/// <summary>The error bodies of the two protocols.</summary>
internal static class AwsErrorResponse
{
    /// <summary>The header through which query-compatible JSON clients (boto3, SDK v3) recover the query code: <c>code;Sender</c>.</summary>
    public const string QueryErrorHeader = "x-amzn-query-error";

    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary><c>{"__type": "com.amazonaws.sqs#QueueDoesNotExist", "message": "..."}</c></summary>
    public static void WriteJson(IBufferWriter<byte> output, AwsErrorDefinition definition, string message)
    {
        using var writer = new Utf8JsonWriter(output, Options);
        writer.WriteStartObject();
        writer.WriteString("__type"u8, definition.JsonType);
        writer.WriteString("message"u8, message);
        writer.WriteEndObject();
    }

    /// <summary>
    /// <c>&lt;ErrorResponse&gt;&lt;Error&gt;&lt;Type&gt;Sender&lt;/Type&gt;&lt;Code&gt;..&lt;/Code&gt;&lt;Message&gt;..&lt;/Message&gt;&lt;Detail/&gt;&lt;/Error&gt;&lt;RequestId&gt;..&lt;/RequestId&gt;&lt;/ErrorResponse&gt;</c>,
    /// in the service's namespace when the service is known.
    /// </summary>
    public static void WriteXml(IBufferWriter<byte> output, AwsErrorDefinition definition, string message, string requestId, string? xmlNamespace)
    {
        var xml = new Utf8XmlWriter(output);
        xml.WriteDeclaration();
        if (xmlNamespace is null)
        {
            xml.WriteStartElement("ErrorResponse");
        }
        else
        {
            xml.WriteStartElement("ErrorResponse", xmlNamespace);
        }

        xml.WriteStartElement("Error");
        xml.WriteElement("Type", definition.Fault);
        xml.WriteElement("Code", definition.QueryCode);
        xml.WriteElement("Message", message);
        xml.WriteEmptyElement("Detail");
        xml.WriteEndElement("Error");
        xml.WriteElement("RequestId", requestId);
        xml.WriteEndElement("ErrorResponse");
    }
}
