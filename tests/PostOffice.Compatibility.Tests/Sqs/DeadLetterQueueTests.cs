using PostOffice.Compatibility.Tests.Harness;

namespace PostOffice.Compatibility.Tests.Sqs;

/// <summary>RedrivePolicy and ListDeadLetterSourceQueues, through every client.</summary>
[Trait("Category", "Compatibility")]
public sealed class DeadLetterQueueTests(SqsServerFixture server) : IClassFixture<SqsServerFixture>
{
    /// <summary>
    /// "maxReceiveCount – The number of times a message is delivered to the source queue before being moved to the
    /// dead-letter queue. When the ReceiveCount for a message exceeds the maxReceiveCount for a queue, Amazon SQS
    /// moves the message to the dead-letter-queue." With 1, the second receive moves it instead of returning it.
    /// The message keeps its id, and reports where it came from in DeadLetterQueueSourceArn.
    /// https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SetQueueAttributes.html
    /// https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_ReceiveMessage.html
    /// </summary>
    [Theory]
    [MemberData(nameof(SqsClients.All), MemberType = typeof(SqsClients))]
    public async Task ReceiveMessage_BeyondMaxReceiveCount_MovesMessageToDeadLetterQueue(SqsClient client)
    {
        var run = (await ClientRunner.RunAsync(client, "dead_letter", server.Endpoint)).AssertCompleted();
        var (source, deadLetter) = ($"{run.QueuePrefix}-src", $"{run.QueuePrefix}-dlq");

        run.Verify(() =>
        {
            QueueManagementTests.AssertRedrivePolicy(run, "sourceAttributes.Attributes.RedrivePolicy", SqsServerFixture.QueueArn(deadLetter), maxReceiveCount: 1);
            run.Equal("poison", "receiveFirst.Messages[0].Body");
            run.Equal("1", "receiveFirst.Messages[0].Attributes.ApproximateReceiveCount");
            run.Equal([], "receiveSecond.Messages");

            run.Check(run.Items("receiveFromDeadLetter.Messages").Count == 1, "receiveFromDeadLetter.Messages", "one message");
            run.Equal("poison", "receiveFromDeadLetter.Messages[0].Body");
            run.Equal(run.Text("send.MessageId"), "receiveFromDeadLetter.Messages[0].MessageId");
            run.Equal(SqsServerFixture.QueueArn(source), "receiveFromDeadLetter.Messages[0].Attributes.DeadLetterQueueSourceArn");

            // The member is queueUrls, lower-case, in the API itself.
            // https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_ListDeadLetterSourceQueues.html
            run.Equal([server.QueueUrl(source)], "listSources.queueUrls");
        });
    }
}
