using PostOffice.Load.Statistics;

namespace PostOffice.Load.Tests.Statistics;

public sealed class SequenceTrackerTests
{
    [Fact]
    public void Record_InOrder_CountsEachOnce()
    {
        var tracker = new SequenceTracker();
        for (var sequence = 0; sequence < 5000; sequence++)
        {
            Assert.True(tracker.Record(sequence));
        }

        Assert.Equal(5000, tracker.Distinct);
        Assert.Equal(0, tracker.Duplicates);
        Assert.Equal(0, tracker.Reordered);
    }

    [Fact]
    public void Record_Repeated_CountsADuplicate()
    {
        var tracker = new SequenceTracker();
        tracker.Record(0);
        tracker.Record(1);

        Assert.False(tracker.Record(1));
        Assert.False(tracker.Record(0));
        Assert.Equal(2, tracker.Distinct);
        Assert.Equal(2, tracker.Duplicates);
    }

    [Fact]
    public void Record_GapFilledLater_IsReorderedNotDuplicate()
    {
        var tracker = new SequenceTracker();
        tracker.Record(0);
        tracker.Record(2);

        Assert.True(tracker.Record(1));
        Assert.False(tracker.Record(2));
        Assert.Equal(3, tracker.Distinct);
        Assert.Equal(1, tracker.Reordered);
        Assert.Equal(1, tracker.Duplicates);
    }

    [Fact]
    public void Record_GapNeverFilled_LeavesItOutOfDistinct()
    {
        // 3 and 4 never arrive: with 10 sent, 8 distinct means 2 lost.
        var tracker = new SequenceTracker();
        foreach (var sequence in new[] { 0, 1, 2, 5, 6, 7, 8, 9 })
        {
            tracker.Record(sequence);
        }

        Assert.Equal(8, tracker.Distinct);
        Assert.Equal(0, tracker.Duplicates);
    }

    [Fact]
    public void Record_JumpFarAhead_ForgetsTheGapAndCountsLateArrivalsAsDuplicates()
    {
        var tracker = new SequenceTracker();
        tracker.Record(0);
        tracker.Record(1_000_000);

        Assert.False(tracker.Record(5));
        Assert.True(tracker.Record(999_999));
        Assert.Equal(3, tracker.Distinct);
        Assert.Equal(1, tracker.Duplicates);
    }
}
