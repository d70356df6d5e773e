using System.Text;
using System.Text.Json;
using PostOffice.Load.Aws;

namespace PostOffice.Load.Tests.Aws;

public sealed class LoadStampTests
{
    [Fact]
    public void Message_PaddedToTheSize_ReadsBack()
    {
        var message = LoadStamp.Message(123_456_789_012, 42, 256);

        Assert.Equal(256, message.Length);
        Assert.StartsWith("~po-load:0000000123456789012:000000000042:", message, StringComparison.Ordinal);
        Assert.True(LoadStamp.TryRead(Encoding.UTF8.GetBytes(message), out var timestamp, out var sequence));
        Assert.Equal(123_456_789_012, timestamp);
        Assert.Equal(42, sequence);
    }

    [Fact]
    public void Message_SmallerSizeThanTheStamp_KeepsTheWholeStamp()
    {
        Assert.Equal(LoadStamp.Length, LoadStamp.Message(1, 2, 10).Length);
    }

    [Fact]
    public void TryRead_InsideAnEnvelopeInsideAJsonString_FindsTheStamp()
    {
        // SNS wraps the message in a JSON envelope; SQS returns that envelope as an escaped JSON string.
        var envelope = JsonSerializer.Serialize(new { Type = "Notification", TopicArn = "arn:aws:sns:us-east-1:000000000000:t", Message = LoadStamp.Message(99, 7, 64) });
        var answer = JsonSerializer.Serialize(new { Messages = new[] { new { ReceiptHandle = "h", Body = envelope } } });

        Assert.True(LoadStamp.TryRead(Encoding.UTF8.GetBytes(answer), out var timestamp, out var sequence));
        Assert.Equal(99, timestamp);
        Assert.Equal(7, sequence);
    }

    [Theory]
    [InlineData("no stamp here")]
    [InlineData("~po-load:0000000000000000099:00000000")]
    [InlineData("~po-load:00000000000000000x9:000000000007:")]
    public void TryRead_MissingOrCutShort_IsFalse(string text)
    {
        Assert.False(LoadStamp.TryRead(Encoding.UTF8.GetBytes(text), out _, out _));
    }
}
