using System.Globalization;
using PostOffice.Compatibility.Tests.Harness;

namespace PostOffice.Compatibility.Tests.Sqs;

/// <summary>SendMessage, ReceiveMessage, DeleteMessage, visibility and long polling, through every client.</summary>
[Trait("Category", "Compatibility")]
public sealed class MessageTests(SqsServerFixture server) : IClassFixture<SqsServerFixture>
{
    private const string Body = "Hello from the PostOffice compatibility tests: ünïcödé ✓";

    // What every script sends (Scripts/*/message_attributes.*).
    private static readonly MessageMd5.Attribute[] Attributes =
    [
        new("Greeting", "String", StringValue: "héllo wörld ✓"),
        new("Count", "Number", StringValue: "42.5"),
        new("Blob", "Binary", BinaryValue: [0x00, 0x01, 0x02, 0x7f, (byte)'b', (byte)'i', (byte)'n']),
        new("Kind", "String.custom", StringValue: "compat"),
    ];

    /// <summary>
    /// The digests are checked against values computed here, by the algorithm AWS documents, not against what
    /// the client computed. https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-message-metadata.html
    /// </summary>
    [Theory]
    [MemberData(nameof(SqsClients.All), MemberType = typeof(SqsClients))]
    public async Task SendMessage_WithStringNumberAndBinaryAttributes_ReceivesThemWithExactMd5s(SqsClient client)
    {
        var run = (await ClientRunner.RunAsync(client, "message_attributes", server.Endpoint)).AssertCompleted();
        var bodyMd5 = MessageMd5.OfBody(Body);
        var attributesMd5 = MessageMd5.OfAttributes(Attributes);

        run.Verify(() =>
        {
            run.Equal(bodyMd5, "send.MD5OfMessageBody");
            run.Equal(attributesMd5, "send.MD5OfMessageAttributes");
            run.Check(Guid.TryParse(run.Text("send.MessageId"), out _), "send.MessageId", "a UUID");

            run.Check(run.Items("receive.Messages").Count == 1, "receive.Messages", "one message");
            const string message = "receive.Messages[0]";
            run.Equal(run.Text("send.MessageId"), $"{message}.MessageId");
            run.Equal(Body, $"{message}.Body");
            run.Equal(bodyMd5, $"{message}.MD5OfBody");
            run.Equal(attributesMd5, $"{message}.MD5OfMessageAttributes");
            run.Equal("String", $"{message}.MessageAttributes.Greeting.DataType");
            run.Equal("héllo wörld ✓", $"{message}.MessageAttributes.Greeting.StringValue");
            run.Equal("Number", $"{message}.MessageAttributes.Count.DataType");
            run.Equal("42.5", $"{message}.MessageAttributes.Count.StringValue");
            run.Equal("Binary", $"{message}.MessageAttributes.Blob.DataType");
            run.Equal(Convert.ToBase64String(Attributes[2].BinaryValue!), $"{message}.MessageAttributes.Blob.BinaryValue");
            run.Missing($"{message}.MessageAttributes.Blob.StringValue");
            run.Equal("String.custom", $"{message}.MessageAttributes.Kind.DataType");
            run.Equal("compat", $"{message}.MessageAttributes.Kind.StringValue");

            // System attributes: epoch milliseconds, taken between the client's clock readings around the calls.
            run.Equal("1", $"{message}.Attributes.ApproximateReceiveCount");
            var before = run.At("clock.before").GetInt64();
            var after = run.At("clock.after").GetInt64();
            foreach (var name in (string[])["SentTimestamp", "ApproximateFirstReceiveTimestamp"])
            {
                var path = $"{message}.Attributes.{name}";
                run.Check(
                    long.TryParse(run.Text(path), NumberStyles.None, CultureInfo.InvariantCulture, out var milliseconds) && milliseconds >= before - 1000 && milliseconds <= after + 1000,
                    path,
                    $"epoch milliseconds between {before} and {after}");
            }

            run.Equal([], "receiveAfterDelete.Messages");
        });
    }

    /// <summary>
    /// A received message stays hidden for the VisibilityTimeout given with the receive (or the queue's), comes
    /// back when it expires, and at once when ChangeMessageVisibility sets it to 0.
    /// https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-visibility-timeout.html
    /// The one real wait: after a receive with VisibilityTimeout=1, a 2 s long poll must get the message back.
    /// </summary>
    [Theory]
    [MemberData(nameof(SqsClients.All), MemberType = typeof(SqsClients))]
    public async Task ReceiveMessage_VisibilityTimeout_HidesMessageUntilItExpiresOrIsChanged(SqsClient client)
    {
        var run = (await ClientRunner.RunAsync(client, "visibility", server.Endpoint)).AssertCompleted();

        run.Verify(() =>
        {
            run.Equal("peekaboo", "receiveHidden.Messages[0].Body");
            run.Equal("1", "receiveHidden.Messages[0].Attributes.ApproximateReceiveCount");
            run.Equal([], "receiveWhileHidden.Messages");
            run.Equal("peekaboo", "receiveOneSecond.Messages[0].Body");
            run.Equal("2", "receiveOneSecond.Messages[0].Attributes.ApproximateReceiveCount");
            run.Equal("peekaboo", "receiveAfterExpiry.Messages[0].Body");
            run.Equal("3", "receiveAfterExpiry.Messages[0].Attributes.ApproximateReceiveCount");
            run.Equal([], "receiveAfterDelete.Messages");
        });
    }

    /// <summary>
    /// "Long polling ... returns messages as soon as they become available." A receive with WaitTimeSeconds=10 is
    /// on the wire (each script waits for its client to send it) before the message is sent; it must return with
    /// that message well before the 10 s. The time is reported, not asserted tightly.
    /// https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-short-and-long-polling.html
    /// </summary>
    [Theory]
    [MemberData(nameof(SqsClients.All), MemberType = typeof(SqsClients))]
    public async Task ReceiveMessage_LongPollWhenMessageArrives_ReturnsBeforeWaitTimeEnds(SqsClient client)
    {
        var run = (await ClientRunner.RunAsync(client, "long_polling", server.Endpoint)).AssertCompleted();
        var sendToReturn = run.At("timing.sendToReturnMs").GetInt64();
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"{client}: the long poll returned {sendToReturn} ms after the send began ({run.At("timing.receiveTotalMs").GetInt64()} ms after the receive began)");

        run.Verify(() =>
        {
            run.Equal("wake up", "receive.Messages[0].Body");
            run.Equal(run.Text("send.MessageId"), "receive.Messages[0].MessageId");

            // Loose on purpose: a server that answers only when the wait time is up takes 10 s.
            run.Check(sendToReturn < 8000, "timing.sendToReturnMs", "well under the 10 s wait (< 8000 ms)");
        });
    }

    /// <summary>
    /// The SDKs that check digests must reject a response whose MD5 does not match the body: a server that gets the
    /// digest wrong breaks them. A proxy corrupts the digests the real server returns.
    /// </summary>
    [Theory]
    [MemberData(nameof(SqsClients.VerifyingMd5), MemberType = typeof(SqsClients))]
    public async Task SendMessage_WrongMd5InResponse_ClientRejectsTheCall(SqsClient client)
    {
        await using var proxy = new Md5CorruptingProxy(server.Endpoint);
        var run = (await ClientRunner.RunAsync(client, "message_md5", proxy.Endpoint)).AssertCompleted();

        run.Verify(() =>
        {
            foreach (var step in (string[])["send", "sendBatch", "receive"])
            {
                run.Check(
                    run.Has($"{step}.error") && run.Text($"{step}.error.message").Contains("checksum", StringComparison.OrdinalIgnoreCase),
                    $"{step}.error.message",
                    "the client's checksum error");
            }

            run.Check(proxy.CorruptedCount >= 3, "receive", $"the proxy to have corrupted at least 3 digests (it did {proxy.CorruptedCount})");
        });
    }
}
