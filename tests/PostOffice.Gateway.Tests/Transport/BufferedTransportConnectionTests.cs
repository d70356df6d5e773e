using PostOffice.Gateway.Transport;
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
    public async Task TryWrite_InsideASendBatch_LeavesInOneSendWhenTheBatchEnds()
    {
        await using var first = new GatedTransportConnection();
        await using var second = new GatedTransportConnection();
        var packets = Enumerable.Range(1, 3).Select(index => Frame(0x30, Body(index, index))).ToArray();

        BufferedTransportConnection.BeginSendBatch();
        BufferedTransportConnection.BeginSendBatch();
        foreach (var packet in packets)
        {
            Assert.True(first.TryWrite(packet));
        }

        Assert.True(second.TryWrite(packets[0]));
        BufferedTransportConnection.EndSendBatch();

        // Only the outermost end sends; until then nothing was handed to the thread pool either.
        Assert.False(first.Sends.TryRead(out _));
        Assert.False(second.Sends.TryRead(out _));
        BufferedTransportConnection.EndSendBatch();

        // Started on this thread before EndSendBatch returned.
        Assert.True(first.Sends.TryRead(out var firstSend));
        Assert.Equal(packets.SelectMany(packet => packet).ToArray(), firstSend.Data);
        Assert.True(second.Sends.TryRead(out var secondSend));
        Assert.Equal(packets[0], secondSend.Data);
        firstSend.Release.SetResult();
        secondSend.Release.SetResult();
        await WithTimeout(first.FlushAsync().AsTask(), "first flush");
        await WithTimeout(second.FlushAsync().AsTask(), "second flush");
        Assert.False(first.HoldsSendBuffer);
    }

    [Fact]
    public async Task EndSendBatch_MoreConnectionsThanSentInline_SendsEveryOne()
    {
        var connections = Enumerable.Range(0, BufferedTransportConnection.InlineSendsPerBatch * 3).Select(_ => new GatedTransportConnection()).ToArray();
        try
        {
            BufferedTransportConnection.BeginSendBatch();
            foreach (var connection in connections)
            {
                Assert.True(connection.TryWrite([1, 2, 3]));
            }

            BufferedTransportConnection.EndSendBatch();
            foreach (var connection in connections)
            {
                var (data, release) = await WithTimeout(connection.Sends.ReadAsync(TestContext.Current.CancellationToken).AsTask(), "send");
                Assert.Equal([1, 2, 3], data);
                release.SetResult();
            }
        }
        finally
        {
            foreach (var connection in connections)
            {
                await connection.DisposeAsync();
            }
        }
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
