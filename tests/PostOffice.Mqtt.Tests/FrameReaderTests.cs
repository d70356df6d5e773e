using System.Buffers;

namespace PostOffice.Mqtt.Tests;

public sealed class FrameReaderTests
{
    [Fact]
    public void TryReadFrame_IncompleteBody_ReturnsFalseWithoutConsuming()
    {
        var buffer = new ReadOnlySequence<byte>(Codec.Hex("30 05 0003 61"));
        Assert.False(MqttFrameReader.TryReadFrame(ref buffer, Codec.NoLimit, out _));
        Assert.Equal(5, buffer.Length);
    }

    [Theory]
    [InlineData("")]
    [InlineData("30")]
    [InlineData("30 80")]
    [InlineData("30 FFFFFF")]
    public void TryReadFrame_IncompleteFixedHeader_ReturnsFalse(string hex)
    {
        var buffer = new ReadOnlySequence<byte>(Codec.Hex(hex));
        Assert.False(MqttFrameReader.TryReadFrame(ref buffer, Codec.NoLimit, out _));
    }

    [Fact]
    public void TryReadFrame_TwoPackets_ReturnsFirstAndAdvances()
    {
        var buffer = new ReadOnlySequence<byte>(Codec.Hex("C000 D000"));
        Assert.True(MqttFrameReader.TryReadFrame(ref buffer, Codec.NoLimit, out var frame));
        Assert.Equal(MqttPacketType.PingReq, frame.PacketType);
        Assert.Equal(0, frame.Body.Length);
        Assert.True(MqttFrameReader.TryReadFrame(ref buffer, Codec.NoLimit, out frame));
        Assert.Equal(MqttPacketType.PingResp, frame.PacketType);
        Assert.True(buffer.IsEmpty);
    }

    [Fact]
    public void TryReadFrame_RemainingLengthOfFiveBytes_ThrowsMalformedPacket()
    {
        var buffer = new ReadOnlySequence<byte>(Codec.Hex("30 FFFFFFFF01"));
        var exception = Assert.Throws<MqttProtocolException>(() => MqttFrameReader.TryReadFrame(ref buffer, Codec.NoLimit, out _));
        Assert.Equal(MqttReasonCode.MalformedPacket, exception.ReasonCode);
    }

    [Fact]
    public void TryReadFrame_AnnouncedSizeOverMaximum_ThrowsPacketTooLargeBeforeBodyArrives()
    {
        // Fixed header 30 0A announces 2 + 10 = 12 bytes; only the header is buffered.
        var buffer = new ReadOnlySequence<byte>(Codec.Hex("30 0A"));
        var exception = Assert.Throws<MqttProtocolException>(() => MqttFrameReader.TryReadFrame(ref buffer, 11, out _));
        Assert.Equal(MqttReasonCode.PacketTooLarge, exception.ReasonCode);
    }

    [Fact]
    public void TryReadFrame_SizeEqualToMaximum_Succeeds()
    {
        var buffer = new ReadOnlySequence<byte>(Codec.Hex("C0 00"));
        Assert.True(MqttFrameReader.TryReadFrame(ref buffer, 2, out _));
    }

    [Fact]
    public void TryReadFrame_IncompleteOrWhole_AllocatesNothing()
    {
        var bytes = Codec.Hex("30 0A 0003 612F62 6869 6869 68");
        var partial = new ReadOnlySequence<byte>(bytes.AsMemory(0, 6));
        var whole = TestSegment.Split(bytes, 5);
        MqttFrameReader.TryReadFrame(ref partial, Codec.NoLimit, out _);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            var buffer = partial;
            Assert.False(MqttFrameReader.TryReadFrame(ref buffer, Codec.NoLimit, out _));
            buffer = whole;
            Assert.True(MqttFrameReader.TryReadFrame(ref buffer, Codec.NoLimit, out _));
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
