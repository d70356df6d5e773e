using PostOffice.Compatibility.Tests.Harness;

namespace PostOffice.Compatibility.Tests.Sqs;

/// <summary>PurgeQueue, through every client.</summary>
[Trait("Category", "Compatibility")]
public sealed class PurgeQueueTests(SqsServerFixture server) : IClassFixture<SqsServerFixture>
{
    /// <summary>
    /// "The message deletion process takes up to 60 seconds ... PurgeQueueInProgress: Indicates that the specified
    /// queue previously received a PurgeQueue request within the last 60 seconds." AWS may still return purged
    /// messages during those 60 s; PostOffice purges at once, and this holds it to that.
    /// https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_PurgeQueue.html
    /// </summary>
    [Theory]
    [MemberData(nameof(SqsClients.All), MemberType = typeof(SqsClients))]
    public async Task PurgeQueue_TwiceWithinSixtySeconds_SecondFailsWithPurgeQueueInProgress(SqsClient client)
    {
        var run = (await ClientRunner.RunAsync(client, "purge", server.Endpoint)).AssertCompleted();

        run.Verify(() =>
        {
            run.Equal([], "receiveAfterPurge.Messages");
            run.Error(SqsError.PurgeQueueInProgress, "purgeAgain");
        });
    }
}
