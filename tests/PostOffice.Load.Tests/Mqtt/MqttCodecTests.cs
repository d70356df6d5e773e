using System.Buffers;
using PostOffice.Load.Mqtt;
using PostOffice.Load.Mqtt.Packets;

namespace PostOffice.Load.Tests.Mqtt;

public sealed class MqttCodecTests
{
    private static byte[] Encode(Action<IBufferWriter<byte>> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        write(buffer);
        return buffer.WrittenSpan.ToArray();
    }

    private static MqttFrame ReadFrame(byte[] bytes)
    {
        var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(bytes));
        Assert.True(MqttDecoder.TryReadFrame(ref reader, 1 << 20, out var frame));
        Assert.Equal(0, reader.Remaining);
        return frame;
    }

    [Fact]
    public void WriteConnect_V311_MatchesGoldenBytes()
    {
        var bytes = Encode(writer => MqttEncoder.WriteConnect(writer, MqttProtocolVersion.V311, "a", 60));

        Assert.Equal([0x10, 0x0D, 0x00, 0x04, (byte)'M', (byte)'Q', (byte)'T', (byte)'T', 0x04, 0x02, 0x00, 0x3C, 0x00, 0x01, (byte)'a'], bytes);
    }

    [Fact]
    public void WriteConnect_V500_AddsAnEmptyPropertyLength()
    {
        var bytes = Encode(writer => MqttEncoder.WriteConnect(writer, MqttProtocolVersion.V500, "a", 60));

        Assert.Equal([0x10, 0x0E, 0x00, 0x04, (byte)'M', (byte)'Q', (byte)'T', (byte)'T', 0x05, 0x02, 0x00, 0x3C, 0x00, 0x00, 0x01, (byte)'a'], bytes);
    }

    [Fact]
    public void WriteConnect_PersistentSession_ClearsCleanStartAndSends5_0SessionExpiry()
    {
        var v311 = Encode(writer => MqttEncoder.WriteConnect(writer, MqttProtocolVersion.V311, "a", 60, persistentSessionSeconds: 3600));
        var v500 = Encode(writer => MqttEncoder.WriteConnect(writer, MqttProtocolVersion.V500, "a", 60, persistentSessionSeconds: 3600));

        Assert.Equal([0x10, 0x0D, 0x00, 0x04, (byte)'M', (byte)'Q', (byte)'T', (byte)'T', 0x04, 0x00, 0x00, 0x3C, 0x00, 0x01, (byte)'a'], v311);
        Assert.Equal(
            [0x10, 0x13, 0x00, 0x04, (byte)'M', (byte)'Q', (byte)'T', (byte)'T', 0x05, 0x00, 0x00, 0x3C, 0x05, 0x11, 0x00, 0x00, 0x0E, 0x10, 0x00, 0x01, (byte)'a'],
            v500);
    }

    [Fact]
    public void WriteSubscribe_V311_HasFlagsTwoAndRequestedQos()
    {
        var bytes = Encode(writer => MqttEncoder.WriteSubscribe(writer, MqttProtocolVersion.V311, 1, "t"u8, 1));

        Assert.Equal([0x82, 0x06, 0x00, 0x01, 0x00, 0x01, (byte)'t', 0x01], bytes);
    }

    [Fact]
    public void WritePublishHeader_Qos1_MatchesGoldenBytes()
    {
        var bytes = Encode(writer => MqttEncoder.WritePublishHeader(writer, MqttProtocolVersion.V311, "t"u8, 1, 1, 2).Fill(0xAB));

        Assert.Equal([0x32, 0x07, 0x00, 0x01, (byte)'t', 0x00, 0x01, 0xAB, 0xAB], bytes);
        Assert.Equal(bytes.Length, MqttEncoder.PublishSize(MqttProtocolVersion.V311, 1, 1, 2));
    }

    [Theory]
    [InlineData(MqttProtocolVersion.V311, 0)]
    [InlineData(MqttProtocolVersion.V311, 2)]
    [InlineData(MqttProtocolVersion.V500, 1)]
    [InlineData(MqttProtocolVersion.V500, 2)]
    public void Publish_RoundTrip_KeepsQosIdTopicAndPayload(MqttProtocolVersion version, int qos)
    {
        var payload = new LoadPayload(123_456_789, 7, 42);
        var bytes = Encode(writer => payload.WriteTo(MqttEncoder.WritePublishHeader(writer, version, "bench/topic"u8, qos, qos == 0 ? (ushort)0 : (ushort)513, 300)));

        var publish = MqttDecoder.ReadPublish(ReadFrame(bytes), version);

        Assert.Equal(qos, publish.Qos);
        Assert.Equal(qos == 0 ? 0 : 513, publish.PacketId);
        Assert.Equal("bench/topic"u8.ToArray(), publish.Topic.ToArray());
        Assert.Equal(300, publish.Payload.Length);
        Assert.True(LoadPayload.TryRead(publish.Payload, out var read));
        Assert.Equal(payload, read);
    }

    [Fact]
    public void WriteAck_PubRel_HasFlagsTwo()
    {
        Assert.Equal([0x62, 0x02, 0x12, 0x34], Encode(writer => MqttEncoder.WriteAck(writer, MqttPacketType.PubRel, 0x1234)));
        Assert.Equal([0x40, 0x02, 0x12, 0x34], Encode(writer => MqttEncoder.WriteAck(writer, MqttPacketType.PubAck, 0x1234)));
    }

    [Fact]
    public void WritePingReqAndDisconnect_AreTwoBytes()
    {
        Assert.Equal([0xC0, 0x00], Encode(MqttEncoder.WritePingReq));
        Assert.Equal([0xE0, 0x00], Encode(MqttEncoder.WriteDisconnect));
    }

    [Fact]
    public void ReadConnAck_V500WithReceiveMaximum_ReadsTheProperty()
    {
        // Reason 0, properties: Topic Alias Maximum 10 (0x22), Assigned Client Identifier "x" (0x12), Receive Maximum 20 (0x21).
        byte[] bytes = [0x20, 0x0D, 0x00, 0x00, 0x0A, 0x22, 0x00, 0x0A, 0x12, 0x00, 0x01, (byte)'x', 0x21, 0x00, 0x14];

        var connAck = MqttDecoder.ReadConnAck(ReadFrame(bytes), MqttProtocolVersion.V500);

        Assert.Equal(new MqttConnAck(0, 20, null), connAck);
    }

    [Fact]
    public void ReadConnAck_V311Refused_ReturnsTheCode()
    {
        Assert.Equal(5, MqttDecoder.ReadConnAckCode(ReadFrame([0x20, 0x02, 0x00, 0x05])));
    }

    [Fact]
    public void ReadSubAckCode_V500_SkipsProperties()
    {
        Assert.Equal(0x01, MqttDecoder.ReadSubAckCode(ReadFrame([0x90, 0x04, 0x00, 0x01, 0x00, 0x01]), MqttProtocolVersion.V500));
        Assert.Equal(0x80, MqttDecoder.ReadSubAckCode(ReadFrame([0x90, 0x03, 0x00, 0x01, 0x80]), MqttProtocolVersion.V311));
    }

    [Fact]
    public void TryReadFrame_Incomplete_ReturnsFalseWithoutConsuming()
    {
        var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(new byte[] { 0x32, 0x07, 0x00, 0x01 }));

        Assert.False(MqttDecoder.TryReadFrame(ref reader, 1 << 20, out _));
        Assert.Equal(0, reader.Consumed);
    }

    [Fact]
    public void TryReadFrame_TooLarge_Throws()
    {
        Assert.Throws<MqttProtocolException>(() =>
        {
            var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(new byte[] { 0x30, 0xFF, 0x7F }));
            MqttDecoder.TryReadFrame(ref reader, 100, out _);
        });
    }

    [Theory]
    [InlineData(0, new byte[] { 0x00 })]
    [InlineData(127, new byte[] { 0x7F })]
    [InlineData(128, new byte[] { 0x80, 0x01 })]
    [InlineData(16_383, new byte[] { 0xFF, 0x7F })]
    [InlineData(16_384, new byte[] { 0x80, 0x80, 0x01 })]
    [InlineData(268_435_455, new byte[] { 0xFF, 0xFF, 0xFF, 0x7F })]
    public void VariableByteInteger_RoundTrip_MatchesTheSpecTable(int value, byte[] expected)
    {
        var span = new byte[4];
        var written = VariableByteInteger.Write(span, value);
        var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(expected));

        Assert.Equal(expected, span[..written]);
        Assert.Equal(expected.Length, VariableByteInteger.SizeOf(value));
        Assert.True(VariableByteInteger.TryRead(ref reader, out var read));
        Assert.Equal(value, read);
    }

    [Fact]
    public void CountPingResponses_CountsOnlyPingResp()
    {
        Assert.Equal(2, IdleConnection.CountPingResponses([0xD0, 0x00, 0xD0, 0x00, 0x40, 0x02]));
    }
}
