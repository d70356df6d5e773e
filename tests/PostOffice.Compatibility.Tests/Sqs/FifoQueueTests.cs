using System.Globalization;
using System.Numerics;
using System.Security.Cryptography;
using System.Text;
using PostOffice.Compatibility.Tests.Harness;

namespace PostOffice.Compatibility.Tests.Sqs;

/// <summary>FIFO queues: ordering within a message group, and deduplication, through every client.</summary>
[Trait("Category", "Compatibility")]
public sealed class FifoQueueTests(SqsServerFixture server) : IClassFixture<SqsServerFixture>
{
    /// <summary>
    /// Messages of one group come out in the order sent; while one is in flight, no other message of its group is
    /// returned. MessageGroupId is required (MissingParameter); without content-based deduplication a
    /// MessageDeduplicationId is too (InvalidParameterValue). SequenceNumber "continues to increase for a particular
    /// MessageGroupId".
    /// https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/FIFO-queues-understanding-logic.html
    /// https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SendMessage.html
    /// </summary>
    [Theory]
    [MemberData(nameof(SqsClients.All), MemberType = typeof(SqsClients))]
    public async Task ReceiveMessage_FifoGroup_DeliversInOrderWithOneMessageInFlight(SqsClient client)
    {
        var run = (await ClientRunner.RunAsync(client, "fifo_ordering", server.Endpoint)).AssertCompleted();

        run.Verify(() =>
        {
            run.Equal(server.QueueUrl($"{run.QueuePrefix}-order.fifo"), "create.QueueUrl");
            var sequence = new List<BigInteger>();
            foreach (var step in (string[])["send1", "send2", "send3"])
            {
                var path = $"{step}.SequenceNumber";
                var parsed = BigInteger.TryParse(run.Text(path), NumberStyles.None, CultureInfo.InvariantCulture, out var number);
                run.Check(parsed && (sequence.Count == 0 || number > sequence[^1]), path, "a decimal number greater than the previous send's");
                sequence.Add(number);
            }

            run.Error(SqsError.MissingParameter, "sendWithoutGroup");
            run.Error(SqsError.InvalidParameterValue, "sendWithoutDeduplicationId");

            run.Equal("m1", "receiveFirst.Messages[0].Body");
            run.Equal("g1", "receiveFirst.Messages[0].Attributes.MessageGroupId");
            run.Equal("d1", "receiveFirst.Messages[0].Attributes.MessageDeduplicationId");
            run.Equal(run.Text("send1.SequenceNumber"), "receiveFirst.Messages[0].Attributes.SequenceNumber");
            run.Equal([], "receiveWhileGroupInFlight.Messages");
            run.Equal(["m2", "m3"], "restBodies");
            run.Equal([], "receiveAfterAll.Messages");
        });
    }

    /// <summary>
    /// A message sent with a deduplication id already used within the 5-minute interval "is accepted successfully
    /// but isn't delivered"; with ContentBasedDeduplication the id is the SHA-256 of the body, and is reported as
    /// the MessageDeduplicationId attribute.
    /// https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/FIFO-queues-exactly-once-processing.html
    /// </summary>
    [Theory]
    [MemberData(nameof(SqsClients.All), MemberType = typeof(SqsClients))]
    public async Task SendMessage_FifoDuplicates_AreAcceptedButDeliveredOnce(SqsClient client)
    {
        var run = (await ClientRunner.RunAsync(client, "fifo_dedup", server.Endpoint)).AssertCompleted();
        var contentId = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("same body")));

        run.Verify(() =>
        {
            run.Equal(["same body", "explicit one"], "received", "Body");
            run.Equal([contentId, "explicit"], "received", "MessageDeduplicationId");
            run.Equal([], "receiveAfterAll.Messages");
        });
    }
}
