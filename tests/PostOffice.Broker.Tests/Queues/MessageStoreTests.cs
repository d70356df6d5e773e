using PostOffice.Broker.Queues;
using PostOffice.Storage;

namespace PostOffice.Broker.Tests.Queues;

public sealed class MessageStoreTests
{
    private static QueuedMessage Message(long seq, long visibleAt = 0, string? group = null) => new()
    {
        Seq = seq,
        MessageId = Guid.NewGuid(),
        Position = new LogPosition(seq * 100),
        VisibleAt = visibleAt,
        GroupId = group,
        Payload = [(byte)seq, 1, 2, 3],
    };

    [Fact]
    public void Remove_ThenAddIntoTheReusedSlot_IgnoresTheOldTimingEntry()
    {
        var store = new MessageStore(fifo: false);
        var first = store.Add(Message(1), now: 0);
        var received = new List<int>();
        long nonce = 0;
        store.Receive(1, now: 0, visibleUntil: 1000, maxReceiveCount: null, ref nonce, received, []);
        store.Remove(first);

        var second = store.Add(Message(2, visibleAt: 5000), now: 0);
        store.PromoteDue(now: 1000); // the first message's visibility entry is due, and names the reused slot

        Assert.Equal(first, second);
        Assert.Equal(MessageState.Delayed, store[second].State);
        Assert.Equal(0, store.ReadyCount);
        Assert.Equal(1, store.DelayedCount);
    }

    [Fact]
    public void Add_WithinTheBudget_KeepsTheBodyResident()
    {
        var store = new MessageStore(fifo: false);

        var resident = store.Add(Message(1), now: 0, residentBudget: long.MaxValue);
        var notResident = store.Add(Message(2), now: 0, residentBudget: 0);

        Assert.Equal(new byte[] { 1, 1, 2, 3 }, store.CopyPayload(resident));
        Assert.Null(store.CopyPayload(notResident));
    }

    [Fact]
    public void Remove_LastMessageOfAGroup_DropsTheGroupAndKeepsTheOthersServed()
    {
        var store = new MessageStore(fifo: false);
        var a = store.Add(Message(1, group: "a"), now: 0);
        store.Add(Message(2, group: "b"), now: 0);
        store.Remove(a);
        store.Add(Message(3, group: "a"), now: 0);
        var received = new List<int>();
        long nonce = 0;

        store.Receive(10, now: 0, visibleUntil: 1000, maxReceiveCount: null, ref nonce, received, []);

        Assert.Equal([2L, 3L], received.Select(slot => store[slot].Seq));
        Assert.Equal("a", store.GroupId(received[1]));
        Assert.Equal(2, store.InFlightCount);
    }
}
