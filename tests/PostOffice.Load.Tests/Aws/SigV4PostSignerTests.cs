using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using PostOffice.Load.Aws;

namespace PostOffice.Load.Tests.Aws;

/// <summary>The fast signer against <see cref="SigV4Signer"/>, which is checked against AWS's test suite.</summary>
public sealed class SigV4PostSignerTests
{
    private static readonly AwsCredentials SuiteCredentials = new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
    private static readonly DateTime Time = new(2015, 8, 30, 12, 36, 0, DateTimeKind.Utc);

    private static string Fast(string service, string contentType, string? target, byte[] body, DateTime time)
    {
        var signer = new SigV4PostSigner(SuiteCredentials, "us-east-1", service, "/", "127.0.0.1:4566");
        var output = new ArrayBufferWriter<byte>();
        signer.WriteAuthorization(output, AmzDateStamp.For(time), contentType, target, SHA256.HashData(body));
        return Encoding.ASCII.GetString(output.WrittenSpan);
    }

    private static string Reference(string service, string contentType, string? target, byte[] body, DateTime time)
    {
        var headers = new List<KeyValuePair<string, string>>
        {
            KeyValuePair.Create("content-type", contentType),
            KeyValuePair.Create("host", "127.0.0.1:4566"),
            KeyValuePair.Create("x-amz-date", SigV4Signer.FormatAmzDate(time)),
        };
        if (target is not null)
        {
            headers.Add(KeyValuePair.Create("x-amz-target", target));
        }

        return new SigV4Signer(SuiteCredentials, "us-east-1", service).Sign("POST", "/", string.Empty, headers, body, time);
    }

    [Fact]
    public void WriteAuthorization_JsonProtocol_MatchesTheReferenceSigner()
    {
        var body = "{\"QueueUrl\":\"http://127.0.0.1:4566/000000000000/q\",\"MessageBody\":\"abc\"}"u8.ToArray();

        Assert.Equal(
            Reference("sqs", "application/x-amz-json-1.0", "AmazonSQS.SendMessage", body, Time),
            Fast("sqs", "application/x-amz-json-1.0", "AmazonSQS.SendMessage", body, Time));
    }

    [Fact]
    public void WriteAuthorization_QueryProtocolOnAnotherDay_MatchesTheReferenceSigner()
    {
        var body = "Action=Publish&Version=2010-03-31&Message=hello"u8.ToArray();
        var later = Time.AddDays(400).AddSeconds(7);

        Assert.Equal(
            Reference("sns", "application/x-www-form-urlencoded; charset=utf-8", null, body, later),
            Fast("sns", "application/x-www-form-urlencoded; charset=utf-8", null, body, later));
    }

    [Fact]
    public void WriteAuthorization_LongTarget_UsesAPooledBufferAndStillMatches()
    {
        var target = "Service." + new string('a', 2000);

        Assert.Equal(Reference("svc", "application/x-amz-json-1.1", target, [], Time), Fast("svc", "application/x-amz-json-1.1", target, [], Time));
    }

    [Theory]
    [InlineData(" application/json")]
    [InlineData("a  b")]
    [InlineData("a\r\nInjected: header")]
    public void WriteAuthorization_NonCanonicalHeaderValue_IsRefused(string contentType)
    {
        Assert.Throws<ArgumentException>(() => Fast("sqs", contentType, null, [], Time));
    }
}
