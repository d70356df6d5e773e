using PostOffice.Aws.Sqs;
using PostOffice.Broker.Queues;

namespace PostOffice.Aws.Tests.Sqs;

public sealed class AttributeSelectionTests
{
    private static readonly MessageSystemProperties System = new(2, 1000, 2000, "AKID", "18", "g1", "d1", "Root=1", "arn:src");

    [Theory]
    [InlineData("All", "bar", true)]
    [InlineData(".*", "anything", true)]
    [InlineData("bar.*", "bar", true)]
    [InlineData("bar.*", "bar.baz", true)]
    [InlineData("bar.*", "barn", false)]
    [InlineData("bar", "bar.baz", false)]
    [InlineData("Bar", "bar", false)]
    public void MessageAttributeSelection_Request_MatchesNamesAsDocumented(string requested, string name, bool expected)
    {
        Assert.Equal(expected, new MessageAttributeSelection([requested]).Matches(name));
    }

    [Fact]
    public void MessageAttributeSelection_NothingRequested_IsEmpty()
    {
        Assert.True(new MessageAttributeSelection([]).IsEmpty);
    }

    [Fact]
    public void SystemAttributeSelection_All_ReturnsEveryAttributeInModelOrderWithEpochMilliseconds()
    {
        var selected = SystemAttributeSelection.From(["All"]).Select(System).ToList();

        Assert.Equal(
            [
                new("SenderId", "AKID"), new("SentTimestamp", "1000"), new("ApproximateReceiveCount", "2"),
                new("ApproximateFirstReceiveTimestamp", "2000"), new("SequenceNumber", "18"), new("MessageDeduplicationId", "d1"),
                new("MessageGroupId", "g1"), new("AWSTraceHeader", "Root=1"), new KeyValuePair<string, string>("DeadLetterQueueSourceArn", "arn:src"),
            ],
            selected);
    }

    [Fact]
    public void SystemAttributeSelection_NamesAndQueueAttributeNames_KeepsOnlyMessageAttributesThatExist()
    {
        var standard = System with { SequenceNumber = null };

        var selected = SystemAttributeSelection.From(["SequenceNumber", "VisibilityTimeout", "ApproximateReceiveCount"]).Select(standard);

        Assert.Equal([new KeyValuePair<string, string>("ApproximateReceiveCount", "2")], selected);
    }
}
