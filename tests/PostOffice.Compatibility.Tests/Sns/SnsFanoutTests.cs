using System.Text.Json;
using PostOffice.Compatibility.Tests.Harness;

namespace PostOffice.Compatibility.Tests.Sns;

/// <summary>SNS through every client: fan-out to queues, raw and enveloped delivery, filter policies, FIFO topics.</summary>
[Trait("Category", "Compatibility")]
public sealed class SnsFanoutTests(SqsServerFixture server) : IClassFixture<SqsServerFixture>
{
    private static readonly string[] PublishedMessages = ["""{"total": 150}""", """{"total": 5}""", """{"total": 1}"""];

    public static TheoryData<SqsClient> Boto3Clients => new(SqsClient.Boto3Json, SqsClient.Boto3Query);

    /// <summary>
    /// A publish reaches every subscribed queue whose filter policy matches: an enveloped subscription gets the JSON
    /// notification (https://docs.aws.amazon.com/sns/latest/dg/sns-message-and-json-formats.html) with the message
    /// attributes inside it; a raw one gets the message itself with the attributes as SQS message attributes
    /// (https://docs.aws.amazon.com/sns/latest/dg/sns-large-payload-raw-message-delivery.html); attribute and body
    /// filter policies select (https://docs.aws.amazon.com/sns/latest/dg/sns-message-filtering.html). The envelope's
    /// signature verifies against the certificate at its SigningCertURL. Publish to a missing topic is NotFound (404);
    /// a nested filter policy on the attribute scope is InvalidParameter.
    /// </summary>
    [Theory]
    [MemberData(nameof(SqsClients.All), MemberType = typeof(SqsClients))]
    public async Task Publish_FansOutThroughFilters_EnvelopedAndRaw(SqsClient client)
    {
        var run = (await ClientRunner.RunAsync(client, "sns_fanout", server.Endpoint)).AssertCompleted();
        var topicArn = $"arn:aws:sns:us-east-1:000000000000:{run.QueuePrefix}-fanout";
        using var query = new SnsQuery(server.Endpoint);

        var envelopes = run.Values("received-all", "Body").Select(body => JsonDocument.Parse(body).RootElement.Clone()).ToList();
        var certificate = envelopes.Count > 0 ? await query.GetAsync(envelopes[0].GetProperty("SigningCertURL").GetString()!) : string.Empty;
        run.Verify(() =>
        {
            run.Equal(topicArn, "createTopic.TopicArn");
            var messages = envelopes.Select(e => e.GetProperty("Message").GetString()).Order(StringComparer.Ordinal);
            run.Check(messages.SequenceEqual(PublishedMessages.Order(StringComparer.Ordinal)), "received-all", "the three messages inside envelopes");
            run.Check(envelopes.Count == 3 && envelopes.TrueForAll(e => e.GetProperty("Type").GetString() == "Notification"), "received-all", "3 Notification envelopes");
            foreach (var envelope in envelopes)
            {
                run.Check(envelope.GetProperty("TopicArn").GetString() == topicArn, "received-all", "the topic ARN in every envelope");
                run.Check(EnvelopeSignature.Verify(envelope, certificate), "received-all", "a signature that verifies against the certificate at SigningCertURL");
            }

            var big = envelopes.Find(e => e.GetProperty("Message").GetString() == """{"total": 150}""");
            run.Check(big.ValueKind == JsonValueKind.Object && big.GetProperty("Subject").GetString() == "big order"
                && big.GetProperty("MessageAttributes").GetProperty("color").GetProperty("Value").GetString() == "blue", "received-all", "the subject and attributes inside the envelope");
            run.Check(big.ValueKind == JsonValueKind.Object && big.GetProperty("MessageId").GetString() == run.Text("publishBig.MessageId"), "received-all", "the published MessageId in the envelope");
            run.Equal(["""{"total": 5}"""], "received-red", "Body");
            run.Equal("red", "received-red[0].MessageAttributes.color.StringValue");
            run.Equal(["""{"total": 150}"""], "received-big", "Body");
            run.Equal(["ok"], "publishBatch.Successful", "Id");
            run.Equal(["empty"], "publishBatch.Failed", "Id");
            run.Equal(["InvalidParameter"], "publishBatch.Failed", "Code");
            run.EquivalentTo(["sqs", "sqs", "sqs"], "listSubscriptions.Subscriptions", "Protocol");
            run.Equal("3", "topicAttributes.Attributes.SubscriptionsConfirmed");
            run.Equal(["team"], "tags.Tags", "Key");
            run.Error(SnsErrors.NotFound, "publishMissing");
            run.Error(SnsErrors.InvalidParameter, "badFilter");
        });
    }

    /// <summary>
    /// A FIFO topic delivers to a subscribed FIFO queue in publish order within a message group; with content-based
    /// deduplication a repeated message returns the first one's MessageId and is not delivered again; MessageGroupId
    /// is required (https://docs.aws.amazon.com/sns/latest/dg/sns-fifo-topics.html, fifo-message-dedup.html).
    /// </summary>
    [Theory]
    [MemberData(nameof(Boto3Clients))]
    public async Task FifoTopic_ToFifoQueue_DeliversInOrderOnce(SqsClient client)
    {
        var run = (await ClientRunner.RunAsync(client, "sns_fifo", server.Endpoint)).AssertCompleted();
        run.Verify(() =>
        {
            run.Equal([.. Enumerable.Range(0, 10).Select(i => $"m{i}")], "bodies");
            run.Equal(run.Text("publish0.MessageId"), "publishDuplicate.MessageId");
            run.Equal(run.Text("publish0.SequenceNumber"), "publishDuplicate.SequenceNumber");
            run.Error(SnsErrors.InvalidParameter, "publishWithoutGroup");
        });
    }
}
