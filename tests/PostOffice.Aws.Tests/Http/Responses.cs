using System.Net;
using System.Text.Json;
using System.Xml.Linq;

namespace PostOffice.Aws.Tests.Http;

/// <summary>Reads and checks responses the way the SDKs do: status, content type, request id, then the body.</summary>
internal static class Responses
{
    public static readonly XNamespace Sqs = "http://queue.amazonaws.com/doc/2012-11-05/";

    public static async Task<JsonElement> ReadJsonAsync(HttpResponseMessage response, HttpStatusCode status = HttpStatusCode.OK)
    {
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(status == response.StatusCode, $"expected {status}, got {response.StatusCode}: {text}");
        Assert.Equal("application/x-amz-json-1.0", response.Content.Headers.ContentType?.MediaType);
        AssertRequestId(response);
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    /// <summary>Parses the body with an XML parser, as botocore does, so that escaping mistakes show up as changed text.</summary>
    public static async Task<XElement> ReadXmlAsync(HttpResponseMessage response, HttpStatusCode status = HttpStatusCode.OK)
    {
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(status == response.StatusCode, $"expected {status}, got {response.StatusCode}: {text}");
        Assert.Equal("text/xml", response.Content.Headers.ContentType?.MediaType);
        AssertRequestId(response);
        return XDocument.Parse(text).Root!;
    }

    public static async Task<JsonElement> AssertJsonErrorAsync(HttpResponseMessage response, HttpStatusCode status, string type, string queryCode)
    {
        var body = await ReadJsonAsync(response, status);
        Assert.Equal(type, body.GetProperty("__type").GetString());
        Assert.False(string.IsNullOrEmpty(body.GetProperty("message").GetString()));
        Assert.Equal($"{queryCode};Sender", Assert.Single(response.Headers.GetValues("x-amzn-query-error")));
        return body;
    }

    public static async Task<XElement> AssertXmlErrorAsync(HttpResponseMessage response, HttpStatusCode status, string code, XNamespace? ns = null)
    {
        ns ??= Sqs;
        var root = await ReadXmlAsync(response, status);
        Assert.Equal(ns + "ErrorResponse", root.Name);
        var error = root.Element(ns + "Error")!;
        Assert.Equal("Sender", error.Element(ns + "Type")?.Value);
        Assert.Equal(code, error.Element(ns + "Code")?.Value);
        Assert.False(string.IsNullOrEmpty(error.Element(ns + "Message")?.Value));
        Assert.NotNull(error.Element(ns + "Detail"));
        Assert.Equal(Assert.Single(response.Headers.GetValues("x-amzn-RequestId")), root.Element(ns + "RequestId")?.Value);
        return error;
    }

    /// <summary>The XxxResult element of a query response, after checking the envelope and its RequestId.</summary>
    public static async Task<XElement> ReadQueryResultAsync(HttpResponseMessage response, string action)
    {
        var root = await ReadXmlAsync(response);
        Assert.Equal(Sqs + $"{action}Response", root.Name);
        var requestId = root.Element(Sqs + "ResponseMetadata")?.Element(Sqs + "RequestId")?.Value;
        Assert.Equal(Assert.Single(response.Headers.GetValues("x-amzn-RequestId")), requestId);
        return root.Element(Sqs + $"{action}Result") ?? new XElement(Sqs + $"{action}Result");
    }

    private static void AssertRequestId(HttpResponseMessage response)
    {
        var requestId = Assert.Single(response.Headers.GetValues("x-amzn-RequestId"));
        Assert.True(Guid.TryParse(requestId, out _), $"request id {requestId}");
    }
}
