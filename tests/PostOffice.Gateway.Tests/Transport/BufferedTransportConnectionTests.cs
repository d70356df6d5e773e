using static PostOffice.Gateway.Tests.Transport.TransportTestKit;

namespace PostOffice.Gateway.Tests.Transport;

/// <summary>The write queue and its bound, with sends the test completes by hand.</summary>
public sealed class BufferedTransportConnectionTests
{
    [Fact]
    public async Task TryWrite_WhileASendIsPending_PacketsLeaveTogetherInTheNextSendInOrder()
    {
        await using var connection = new GatedTransportConnection();
        var first = Frame(0x30, Body(10, 0));
        Assert.True(connection.TryWrite(first));
        var (sent, release) = await WithTimeout(connection.Sends.ReadAsync(TestContext.Current.CancellationToken).AsTask(), "first send");
        Assert.Equal(first, sent);

        var later = Enumerable.Range(1, 100).Select(index => Frame(0x30, Body(index, index))).ToArray();
        foreach (var packet in later)
        {
            Assert.True(connection.TryWrite(packet));
        }

        release.SetResult();
        var (coalesced, releaseSecond) = await WithTimeout(connection.Sends.ReadAsync(TestContext.Current.CancellationToken).AsTask(), "second send");
        Assert.Equal(later.SelectMany(packet => packet).ToArray(), coalesced);
        releaseSecond.SetResult();
        await WithTimeout(connection.FlushAsync().AsTask(), "flush");
        Assert.False(connection.Sends.TryRead(out _));
        Assert.Equal(0, connection.QueuedBytes);
        Assert.False(connection.HoldsSendBuffer);
    }

    [Fact]
    public async Task TryWrite_QueuedBytesAboveTheBound_RefusedUnlessEvenIfFull()
    {
        await using var connection = new GatedTransportConnection { MaximumQueuedBytes = 100 };
        var packet = new byte[60];
        Assert.True(connection.TryWrite(packet));
        var (_, release) = await WithTimeout(connection.Sends.ReadAsync(TestContext.Current.CancellationToken).AsTask(), "first send");

        // Bytes in flight count until the send completes: 60, then 120.
        Assert.True(connection.TryWrite(packet));
        Assert.Equal(120, connection.QueuedBytes);
        Assert.False(connection.TryWrite(packet));
        Assert.True(connection.TryWrite(packet, evenIfFull: true));
        Assert.Equal(180, connection.QueuedBytes);

        release.SetResult();
        var (second, releaseSecond) = await WithTimeout(connection.Sends.ReadAsync(TestContext.Current.CancellationToken).AsTask(), "second send");
        Assert.Equal(120, second.Length);
        releaseSecond.SetResult();
        await WithTimeout(connection.FlushAsync().AsTask(), "flush");
        Assert.True(connection.TryWrite(packet));
    }

    [Fact]
    public async Task FlushAsync_CompletesOnlyOnceEarlierPacketsAreSent()
    {
        await using var connection = new GatedTransportConnection();
        Assert.True(connection.TryWrite([1, 2, 3]));
        var (_, release) = await WithTimeout(connection.Sends.ReadAsync(TestContext.Current.CancellationToken).AsTask(), "send");

        var flush = connection.FlushAsync().AsTask();
        Assert.False(flush.IsCompleted);
        release.SetResult();

        await WithTimeout(flush, "flush after the send completed");
    }

    [Fact]
    public async Task Abort_WithPacketsQueued_DropsThemAndCompletesFlush()
    {
        await using var connection = new GatedTransportConnection();
        Assert.True(connection.TryWrite([1]));
        var (_, release) = await WithTimeout(connection.Sends.ReadAsync(TestContext.Current.CancellationToken).AsTask(), "send");
        Assert.True(connection.TryWrite([2]));
        var flush = connection.FlushAsync().AsTask();

        connection.Abort();

        await WithTimeout(flush, "flush after Abort");
        Assert.False(connection.TryWrite([3]));
        Assert.False(connection.HoldsSendBuffer);
        release.SetResult();
    }

    [Fact]
    public async Task ReadFrame_FramesSplitAcrossChunks_AreReassembledAndTheBufferReturned()
    {
        await using var connection = new GatedTransportConnection();
        var frames = new[] { Frame(0x10, Body(20, 1)), Frame(0x82, Body(9000, 2)), Frame(0xC0, []) };
        var stream = frames.SelectMany(frame => frame).ToArray();
        foreach (var chunk in stream.Chunk(7))
        {
            connection.Feed(chunk);
        }

        foreach (var expected in frames)
        {
            Assert.True(await ReadAsync(connection, 1 << 20, "read a frame"));
            Assert.Equal(expected, Encode(connection.CurrentFrame));
        }

        connection.EndInput();
        Assert.False(await ReadAsync(connection, 1 << 20, "read at the end of input"));
        Assert.False(connection.HoldsReceiveBuffer);
    }
}
