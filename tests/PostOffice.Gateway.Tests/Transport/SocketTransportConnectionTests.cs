using System.Net.Sockets;
using PostOffice.Gateway.Transport;
using PostOffice.Mqtt;
using static PostOffice.Gateway.Tests.Transport.TransportTestKit;

namespace PostOffice.Gateway.Tests.Transport;

/// <summary>Framing and the receive buffer's lifetime, over epoll and over .NET's zero-byte receive.</summary>
public sealed class SocketTransportConnectionTests
{
    public static TheoryData<bool> Modes => [true, false];

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task ReadFrame_ManyFramesInOneSegment_ReturnsEachInOrder(bool epoll)
    {
        var (server, client) = await ConnectPairAsync(epoll);
        await using var _ = server;
        using var __ = client;
        var frames = Enumerable.Range(0, 200).Select(index => Frame((byte)(0x30 | (index % 16)), Body(index * 7 % 300, index))).ToArray();
        await client.SendAsync(frames.SelectMany(frame => frame).ToArray(), SocketFlags.None, TestContext.Current.CancellationToken);

        foreach (var expected in frames)
        {
            Assert.True(await ReadAsync(server, 1024, "read a frame of the segment"));
            Assert.Equal(expected, Encode(server.CurrentFrame));
        }

        // Everything received was consumed: the buffer went back as the next read started waiting.
        var pending = server.ReadFrameAsync(1024);
        Assert.False(pending.IsCompleted);
        Assert.False(server.HoldsReceiveBuffer);
        client.Shutdown(SocketShutdown.Send);
        Assert.False(await WithTimeout(pending.AsTask(), "read after the peer's FIN"));
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task ReadFrame_FrameArrivingByteByByte_IsReassembled(bool epoll)
    {
        var (server, client) = await ConnectPairAsync(epoll);
        await using var _ = server;
        using var __ = client;

        // 300 bytes of body: a two-byte Remaining Length, itself split across receives.
        var frame = Frame(0x32, Body(300, 5));
        var read = server.ReadFrameAsync(1024).AsTask();
        foreach (var value in frame)
        {
            await client.SendAsync(new[] { value }, SocketFlags.None, TestContext.Current.CancellationToken);
        }

        Assert.True(await WithTimeout(read, "read the frame sent byte by byte"));
        Assert.Equal(frame, Encode(server.CurrentFrame));
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task ReadFrame_FrameLargerThanTheFirstBuffer_GrowsTheBufferAndKeepsTheFollowingFrame(bool epoll)
    {
        var (server, client) = await ConnectPairAsync(epoll);
        await using var _ = server;
        using var __ = client;
        var large = Frame(0x30, Body(300_000, 9));
        var next = Frame(0xC0, []);
        var sending = client.SendAsync(large.Concat(next).ToArray().AsMemory(), SocketFlags.None, TestContext.Current.CancellationToken).AsTask();

        Assert.True(await ReadAsync(server, 1 << 20, "read the large frame"));
        Assert.Equal(large, Encode(server.CurrentFrame));
        Assert.True(await ReadAsync(server, 1 << 20, "read the frame after it"));
        Assert.Equal(next, Encode(server.CurrentFrame));
        await WithTimeout(sending, "send");
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task ReadFrame_FrameAboveTheMaximum_ThrowsPacketTooLargeBeforeTheBodyArrives(bool epoll)
    {
        var (server, client) = await ConnectPairAsync(epoll);
        await using var _ = server;
        using var __ = client;

        // Only the fixed header of a 5,000-byte packet is sent.
        await client.SendAsync(Frame(0x30, new byte[5000]).AsMemory(0, 3), SocketFlags.None, TestContext.Current.CancellationToken);

        var exception = await Assert.ThrowsAsync<MqttProtocolException>(() => ReadAsync(server, 1000, "read the oversize header"));
        Assert.Equal(MqttReasonCode.PacketTooLarge, exception.ReasonCode);
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task ReadFrame_RemainingLengthOfFiveBytes_ThrowsMalformedPacket(bool epoll)
    {
        var (server, client) = await ConnectPairAsync(epoll);
        await using var _ = server;
        using var __ = client;
        await client.SendAsync(new byte[] { 0x30, 0xFF, 0xFF, 0xFF, 0xFF, 0x01 }, SocketFlags.None, TestContext.Current.CancellationToken);

        var exception = await Assert.ThrowsAsync<MqttProtocolException>(() => ReadAsync(server, 1 << 28, "read the malformed header"));
        Assert.Equal(MqttReasonCode.MalformedPacket, exception.ReasonCode);
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task ReadFrame_PeerClosesMidFrame_ReturnsFalseAndReleasesTheBuffer(bool epoll)
    {
        var (server, client) = await ConnectPairAsync(epoll);
        await using var _ = server;
        using var __ = client;
        await client.SendAsync(Frame(0x30, Body(100, 1)).AsMemory(0, 50), SocketFlags.None, TestContext.Current.CancellationToken);
        var read = server.ReadFrameAsync(1024).AsTask();
        client.Shutdown(SocketShutdown.Send);

        Assert.False(await WithTimeout(read, "read until the FIN"));
        Assert.False(server.HoldsReceiveBuffer);
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task Abort_WhileAReadWaits_ReadReturnsFalse(bool epoll)
    {
        var (server, client) = await ConnectPairAsync(epoll);
        await using var _ = server;
        using var __ = client;
        var read = server.ReadFrameAsync(1024);
        Assert.False(read.IsCompleted);

        server.Abort();

        Assert.False(await WithTimeout(read.AsTask(), "read after Abort"));
        Assert.False(server.TryWrite([0xD0, 0x00]));
        Assert.Equal(0, await ReceiveUntilClosedAsync(client, "client sees the close"));
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task ReadFrame_IdleBetweenFrames_HoldsNoReceiveBuffer(bool epoll)
    {
        var (server, client) = await ConnectPairAsync(epoll);
        await using var _ = server;
        using var __ = client;
        var frame = Frame(0x10, Body(40, 3));
        for (var round = 0; round < 3; round++)
        {
            var read = server.ReadFrameAsync(1024);
            Assert.False(read.IsCompleted);
            Assert.False(server.HoldsReceiveBuffer);
            await client.SendAsync(frame, SocketFlags.None, TestContext.Current.CancellationToken);
            Assert.True(await WithTimeout(read.AsTask(), $"read round {round}"));

            // The frame's body lives in the rented buffer until the next read.
            Assert.True(server.HoldsReceiveBuffer);
            Assert.Equal(frame, Encode(server.CurrentFrame));
        }
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task TryWrite_ManyPackets_ArriveIntactAndInOrder(bool epoll)
    {
        var (server, client) = await ConnectPairAsync(epoll);
        await using var _ = server;
        using var __ = client;
        var packets = Enumerable.Range(0, 2000).Select(index => Frame(0x30, Body(index % 97, index))).ToArray();

        foreach (var packet in packets)
        {
            Assert.True(server.TryWrite(packet));
        }

        await WithTimeout(server.FlushAsync().AsTask(), "flush");
        var expected = packets.SelectMany(packet => packet).ToArray();
        Assert.Equal(expected, await ReceiveExactlyAsync(client, expected.Length, "receive every packet"));
        Assert.Equal(0, server.QueuedBytes);
        Assert.False(server.HoldsSendBuffer);
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task TryWrite_PeerNotReading_RefusesOnceQueuedBytesExceedTheBound(bool epoll)
    {
        var (server, client) = await ConnectPairAsync(epoll);
        await using var _ = server;
        using var __ = client;
        server.MaximumQueuedBytes = 256 * 1024;
        var packet = Frame(0x30, new byte[16 * 1024]);

        // The kernel's buffers take a few megabytes at most; past them the queue grows until the bound refuses. The
        // send loop may still hand the kernel a little after a refusal (the loopback window opening), which takes the
        // queue back under the bound: fill again until the queue stops moving.
        var written = 0L;
        for (var settled = false; !settled;)
        {
            while (server.TryWrite(packet))
            {
                written += packet.Length;
                Assert.True(written < 256L * 1024 * 1024, "TryWrite never refused");
                if (written % (1024 * 1024) == 0)
                {
                    // Let the send loop hand what it can to the kernel.
                    await Task.Yield();
                }
            }

            var queued = server.QueuedBytes;
            await Task.Delay(50, TestContext.Current.CancellationToken);
            settled = server.QueuedBytes == queued && queued > server.MaximumQueuedBytes;
        }

        Assert.True(server.QueuedBytes > server.MaximumQueuedBytes);
        Assert.True(server.TryWrite(packet, evenIfFull: true));
        Assert.False(server.TryWrite(packet));
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task TryWrite_PeerReadingOnlyLater_EveryByteArrivesAfterTheSendHadToWait(bool epoll)
    {
        var (server, client) = await ConnectPairAsync(epoll);
        await using var _ = server;
        using var __ = client;
        server.MaximumQueuedBytes = 64L * 1024 * 1024;
        var packets = Enumerable.Range(0, 512).Select(index => Frame(0x30, Body(16 * 1024, index))).ToArray();

        // Eight megabytes with nobody reading: more than the kernel's buffers hold, so sends wait for room.
        foreach (var packet in packets)
        {
            Assert.True(server.TryWrite(packet));
        }

        var expected = packets.SelectMany(packet => packet).ToArray();
        Assert.Equal(expected, await ReceiveExactlyAsync(client, expected.Length, "read everything queued"));
    }

    [Fact]
    public async Task TryReadFrame_Epoll_WaitsWithACallbackHoldingNoBufferThenReadsTheFrame()
    {
        var (server, client) = await ConnectPairAsync(epoll: true);
        await using var _ = server;
        using var __ = client;
        Assert.True(server.SupportsReadinessCallbacks);
        Assert.Equal(MqttReadResult.WouldWait, server.TryReadFrame(1024));
        Assert.False(server.HoldsReceiveBuffer);

        var woken = new Continuation();
        server.WaitForReadable(woken);
        Assert.False(woken.Ran.Task.IsCompleted);
        var frame = Frame(0x30, Body(100, 3));
        await client.SendAsync(frame, SocketFlags.None, TestContext.Current.CancellationToken);

        await WithTimeout(woken.Ran.Task, "the callback after bytes arrived");
        Assert.Equal(MqttReadResult.Frame, server.TryReadFrame(1024));
        Assert.Equal(frame, Encode(server.CurrentFrame));
        Assert.Equal(MqttReadResult.WouldWait, server.TryReadFrame(1024));
        Assert.False(server.HoldsReceiveBuffer);
    }

    [Fact]
    public async Task TryReadFrame_Epoll_HalfAFrameIsKeptUntilTheRestArrives()
    {
        var (server, client) = await ConnectPairAsync(epoll: true);
        await using var _ = server;
        using var __ = client;
        var frame = Frame(0x32, Body(300, 8));
        await client.SendAsync(frame.AsMemory(0, 150), SocketFlags.None, TestContext.Current.CancellationToken);
        await WaitUntilAsync(server, result => result == MqttReadResult.WouldWait && server.HoldsReceiveBuffer, "the first half received");

        var woken = new Continuation();
        server.WaitForReadable(woken);
        await client.SendAsync(frame.AsMemory(150), SocketFlags.None, TestContext.Current.CancellationToken);
        await WithTimeout(woken.Ran.Task, "the callback after the second half");
        await WaitUntilAsync(server, result => result == MqttReadResult.Frame, "the whole frame");
        Assert.Equal(frame, Encode(server.CurrentFrame));
    }

    [Fact]
    public async Task WaitForReadable_PeerClosesOrAbort_CallsBackAndReadReportsClosed()
    {
        var (server, client) = await ConnectPairAsync(epoll: true);
        await using var _ = server;
        var woken = new Continuation();
        server.WaitForReadable(woken);
        client.Dispose();
        await WithTimeout(woken.Ran.Task, "the callback after the peer closed");
        Assert.Equal(MqttReadResult.Closed, server.TryReadFrame(1024));

        var (other, otherClient) = await ConnectPairAsync(epoll: true);
        await using var ___ = other;
        using var ____ = otherClient;
        var aborted = new Continuation();
        other.WaitForReadable(aborted);
        other.Abort();
        await WithTimeout(aborted.Ran.Task, "the callback after Abort");
        Assert.Equal(MqttReadResult.Closed, other.TryReadFrame(1024));
    }

    [Fact]
    public async Task RemoteEndPoint_Epoll_IsThePeersAddressAsked()
    {
        var (server, client) = await ConnectPairAsync(epoll: true);
        await using var _ = server;
        using var __ = client;
        Assert.Equal(client.LocalEndPoint, server.RemoteEndPoint);
    }

    private static async Task WaitUntilAsync(SocketTransportConnection server, Func<MqttReadResult, bool> done, string phase)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!done(server.TryReadFrame(1024)))
        {
            Assert.True(DateTime.UtcNow < deadline, $"Phase \"{phase}\" did not finish within 20 s.");
            await Task.Delay(10, TestContext.Current.CancellationToken);
        }
    }

    private sealed class Continuation : IThreadPoolWorkItem
    {
        public TaskCompletionSource Ran { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Execute() => Ran.TrySetResult();
    }
}
