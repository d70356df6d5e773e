using System.Buffers.Binary;
using System.Buffers.Text;
using PostOffice.Broker.Queues;
using PostOffice.Broker.Tests.Support;

namespace PostOffice.Broker.Tests.Queues;

/// <summary>Receipt handles carry a keyed tag: one handle cannot be turned into another.</summary>
public sealed class ReceiptHandleTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task DeleteMessage_HandleWithAnotherMessagesSequenceNumber_IsInvalidAndDeletesNothing()
    {
        await using var host = await QueueHost.StartAsync();
        await host.Engine.CreateAsync("q");
        await host.Engine.SendAsync("q", "first");
        await host.Engine.SendAsync("q", "second");
        var received = await host.Engine.ReceiveAsync("q", max: 1, visibility: 0);
        var forged = Rewrite(received[0].ReceiptHandle, offset: 8, delta: 1); // the next message's sequence number

        var outcome = Assert.Single(await host.Engine.DeleteMessagesAsync("q", [forged], Token));

        Assert.Equal(QueueErrorCode.ReceiptHandleIsInvalid, outcome?.Code);
        Assert.Equal("2", await host.Engine.AttributeAsync("q", "ApproximateNumberOfMessages"));
    }

    [Fact]
    public async Task ChangeMessageVisibility_HandleOfAFutureReceive_IsInvalid()
    {
        await using var host = await QueueHost.StartAsync();
        await host.Engine.CreateAsync("q.fifo", new() { ["FifoQueue"] = "true", ["ContentBasedDeduplication"] = "true" });
        await host.Engine.SendAsync("q.fifo", "m", group: "g");
        var first = Assert.Single(await host.Engine.ReceiveAsync("q.fifo", visibility: 0));
        var guessed = Rewrite(first.ReceiptHandle, offset: 16, delta: 1); // the nonce the next receive will get
        var second = Assert.Single(await host.Engine.ReceiveAsync("q.fifo", visibility: 60));

        var outcome = Assert.Single(await host.Engine.ChangeMessageVisibilityAsync("q.fifo", [new VisibilityChange(guessed, 0)], Token));

        Assert.NotEqual(second.ReceiptHandle, guessed);
        Assert.Equal(QueueErrorCode.ReceiptHandleIsInvalid, outcome?.Code);
        Assert.Null(Assert.Single(await host.Engine.ChangeMessageVisibilityAsync("q.fifo", [new VisibilityChange(second.ReceiptHandle, 0)], Token)));
    }

    [Fact]
    public async Task ReceiptHandle_TwoReceivesOfOneMessage_ShareNoPrefixBeyondTheMessage()
    {
        await using var host = await QueueHost.StartAsync();
        await host.Engine.CreateAsync("q");
        await host.Engine.SendAsync("q", "m");

        var first = Assert.Single(await host.Engine.ReceiveAsync("q", visibility: 0)).ReceiptHandle;
        var second = Assert.Single(await host.Engine.ReceiveAsync("q", visibility: 0)).ReceiptHandle;

        Assert.Equal(54, first.Length);
        Assert.NotEqual(first[^22..], second[^22..]); // the tags differ, not only the nonce
    }

    [Fact]
    public async Task ReceiptHandle_AfterRestart_StillDeletes()
    {
        await using var host = await QueueHost.StartAsync();
        await host.Engine.CreateAsync("q");
        await host.Engine.SendAsync("q", "m");
        var received = Assert.Single(await host.Engine.ReceiveAsync("q", visibility: 60));
        await host.Engine.SendAsync("q", "flush"); // a later durable write carries the receive record with it

        await host.RestartAsync();
        await host.Engine.DeleteAsync("q", received.ReceiptHandle);

        host.Clock.Advance(TimeSpan.FromSeconds(61));
        Assert.Equal(["flush"], (await host.Engine.ReceiveAsync("q")).Select(m => m.Body));
    }

    /// <summary>Adds <paramref name="delta"/> to the 64-bit field at <paramref name="offset"/>, keeping the old tag.</summary>
    private static string Rewrite(string handle, int offset, long delta)
    {
        var bytes = Base64Url.DecodeFromChars(handle);
        BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(offset), BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(offset)) + delta);
        return Base64Url.EncodeToString(bytes);
    }
}
