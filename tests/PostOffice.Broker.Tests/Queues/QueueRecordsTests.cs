using PostOffice.Broker.Queues;
using PostOffice.Broker.Tests.Support;

namespace PostOffice.Broker.Tests.Queues;

/// <summary>The enqueue record keeps the body's digest, and records written before it existed still read.</summary>
public sealed class QueueRecordsTests
{
    private static readonly byte[] Digest = Convert.FromHexString("5d41402abc4b2a76b9719d911017c592");

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public void DecodeEnqueueContent_RecordWithDigest_ReturnsIt()
    {
        var payload = QueueRecords.EncodeEnqueue(Message(), new MessageContent("hello", SendMessageRequest.EmptyAttributes, "sender", null, null, Digest));

        var content = QueueRecords.DecodeEnqueueContent(payload);

        Assert.Equal("hello", content.Body);
        Assert.Equal(Digest, content.BodyMd5);
    }

    [Fact]
    public void DecodeEnqueueContent_Version1RecordWithoutDigest_ReadsWithNoDigest()
    {
        var attributes = new Dictionary<string, MessageAttributeValue> { ["a"] = new("String", "x", null) };
        var current = QueueRecords.EncodeEnqueue(Message(), new MessageContent("hello", attributes, "sender", "trace", null));
        var version1 = current[..^4]; // version 1 ends after the attributes: no digest length
        version1[0] = 1;

        var content = QueueRecords.DecodeEnqueueContent(version1);

        Assert.Equal(("hello", "sender", "trace", "x"), (content.Body, content.SenderId, content.TraceHeader, content.Attributes["a"].StringValue));
        Assert.Null(content.BodyMd5);
        Assert.Equal(7, QueueRecords.DecodeEnqueueState(version1).Seq);
    }

    [Fact]
    public async Task ReceiveMessages_SentWithADigest_ReturnsItAlsoAfterARestart()
    {
        await using var host = await QueueHost.StartAsync();
        await host.Engine.CreateAsync("q");
        await host.Engine.SendMessagesAsync("q", [new SendMessageRequest { Body = "hello", BodyMd5 = Digest }, new SendMessageRequest { Body = "no digest" }], Token);

        await host.RestartAsync();
        var received = await host.Engine.ReceiveAsync("q");

        Assert.Equal(Digest, received.Single(message => message.Body == "hello").BodyMd5);
        Assert.Null(received.Single(message => message.Body == "no digest").BodyMd5);
    }

    private static QueuedMessage Message() => new() { Seq = 7, MessageId = Guid.NewGuid(), SentTimestamp = 1, VisibleAt = 1 };
}
