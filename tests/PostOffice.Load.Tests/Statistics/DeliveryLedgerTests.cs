using PostOffice.Load.Statistics;

namespace PostOffice.Load.Tests.Statistics;

public sealed class DeliveryLedgerTests
{
    [Fact]
    public void Record_SameSequenceTwice_CountsADuplicate()
    {
        var ledger = new DeliveryLedger();

        Assert.True(ledger.Record(7));
        Assert.False(ledger.Record(7));

        Assert.Equal(1, ledger.Distinct);
        Assert.Equal(1, ledger.Duplicates);
    }

    [Fact]
    public void Record_AnyOrderAndFarApart_CountsEachOnce()
    {
        var ledger = new DeliveryLedger();
        long[] sequences = [5_000_000, 0, 1_048_575, 1_048_576, 63, 64, 3];

        foreach (var sequence in sequences)
        {
            Assert.True(ledger.Record(sequence));
        }

        foreach (var sequence in sequences)
        {
            Assert.False(ledger.Record(sequence));
        }

        Assert.Equal(sequences.Length, ledger.Distinct);
        Assert.Equal(sequences.Length, ledger.Duplicates);
    }

    [Fact]
    public void Record_NegativeSequence_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new DeliveryLedger().Record(-1));
    }
}
