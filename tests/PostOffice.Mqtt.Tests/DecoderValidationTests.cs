using System.Buffers;
using PostOffice.Mqtt.Packets;

namespace PostOffice.Mqtt.Tests;

public sealed class DecoderValidationTests
{
    private const MqttProtocolVersion V311 = MqttProtocolVersion.V311;
    private const MqttProtocolVersion V500 = MqttProtocolVersion.V500;
    private const MqttReasonCode Malformed = MqttReasonCode.MalformedPacket;
    private const MqttReasonCode ProtocolError = MqttReasonCode.ProtocolError;

    public static TheoryData<string, string, MqttProtocolVersion, MqttReasonCode> Violations => new()
    {
        { "PUBREL flags 0 [MQTT-3.6.1-1]", "60 02 0001", V500, Malformed },
        { "PUBACK flags 1 [MQTT-2.1.3-1]", "41 02 0001", V311, Malformed },
        { "SUBSCRIBE flags 0 [MQTT-3.8.1-1]", "80 06 0001 0001 61 00", V311, Malformed },
        { "UNSUBSCRIBE flags 0 [MQTT-3.10.1-1]", "A0 05 0001 0001 61", V311, Malformed },
        { "PUBLISH QoS 3 [MQTT-3.3.1-4]", "36 03 0001 74", V311, Malformed },
        { "PUBLISH QoS 0 with DUP [MQTT-3.3.1-2]", "38 03 0001 74", V500, Malformed },
        { "PUBLISH topic with + [MQTT-3.3.2-2]", "30 03 0001 2B", V311, ProtocolError },
        { "PUBLISH topic with # [MQTT-3.3.2-2]", "30 04 0001 23 00", V500, ProtocolError },
        { "PUBLISH QoS 1 packet id 0 [MQTT-2.2.1-3]", "32 05 0001 74 0000", V311, ProtocolError },
        { "PUBLISH empty topic without alias [MQTT-4.7.3-1]", "30 03 0000 00", V500, ProtocolError },
        { "PUBACK packet id 0", "40 02 0000", V500, ProtocolError },
        { "SUBSCRIBE without filter 3.1.1", "82 02 0001", V311, ProtocolError },
        { "SUBSCRIBE without filter 5.0 [MQTT-3.8.3-2]", "82 03 0001 00", V500, ProtocolError },
        { "SUBSCRIBE Retain Handling 3", "82 07 0001 00 0001 61 30", V500, ProtocolError },
        { "SUBSCRIBE options bits 7-6 [MQTT-3.8.3-5]", "82 07 0001 00 0001 61 C0", V500, Malformed },
        { "SUBSCRIBE 3.1.1 options reserved bits", "82 06 0001 0001 61 04", V311, Malformed },
        { "SUBSCRIBE QoS 3", "82 06 0001 0001 61 03", V311, Malformed },
        { "SUBSCRIBE No Local on shared [MQTT-3.8.3-4]", "82 10 0001 00 000A 2473686172652F672F61 04", V500, ProtocolError },
        { "SUBSCRIBE empty filter [MQTT-4.7.3-1]", "82 05 0001 0000 00", V311, ProtocolError },
        { "UNSUBSCRIBE without filter [MQTT-3.10.3-2]", "A2 02 0001", V311, ProtocolError },
        { "CONNECT reserved flag [MQTT-3.1.2-3]", "10 0F 0004 4D515454 04 03 003C 0003 616263", V311, Malformed },
        { "CONNECT Will QoS without Will Flag [MQTT-3.1.2-11]", "10 0F 0004 4D515454 04 08 003C 0003 616263", V311, Malformed },
        { "CONNECT Will QoS 3 [MQTT-3.1.2-12]", "10 15 0004 4D515454 04 1C 003C 0003 616263 0001 77 0001 78", V311, Malformed },
        { "CONNECT 3.1.1 Password without User Name [MQTT-3.1.2-22]", "10 12 0004 4D515454 04 40 003C 0003 616263 0001 70", V311, Malformed },
        { "CONNECT trailing bytes", "10 10 0004 4D515454 04 00 003C 0003 616263 00", V311, Malformed },
        { "CONNACK reserved flags [MQTT-3.2.2-1]", "20 02 02 00", V311, Malformed },
        { "CONNACK 3.1.1 return code 6", "20 02 00 06", V311, Malformed },
        { "SUBACK 3.1.1 return code 3", "90 03 0001 03", V311, Malformed },
        { "duplicate Content Type", "30 0C 0001 74 08 03000161 03000162", V500, ProtocolError },
        { "Session Expiry in PUBLISH", "30 09 0001 74 05 11 00000001", V500, ProtocolError },
        { "two Subscription Identifiers in SUBSCRIBE", "82 0B 0001 04 0B01 0B02 0001 61 00", V500, ProtocolError },
        { "Subscription Identifier 0", "30 06 0001 74 02 0B00", V500, ProtocolError },
        { "Topic Alias 0 [MQTT-3.3.2-8]", "30 07 0001 74 03 230000", V500, MqttReasonCode.TopicAliasInvalid },
        { "Request Problem Information 2", "10 0F 0004 4D515454 05 00 003C 02 1702 0000", V500, ProtocolError },
        { "Receive Maximum 0", "20 06 00 00 03 210000", V500, ProtocolError },
        { "unknown property 0x04", "30 06 0001 74 02 0400", V500, Malformed },
        { "Property Length past end", "30 05 0001 74 09 00", V500, Malformed },
        { "property value past Property Length", "30 09 0001 74 02 02 00000000", V500, Malformed },
        { "AUTH at level 4", "F0 00", V311, Malformed },
        { "packet type 0", "00 00", V500, Malformed },
        { "PINGREQ with a body", "C0 01 00", V311, Malformed },
        { "PUBACK 3.1.1 with trailing byte", "40 03 0001 00", V311, Malformed },
        { "DISCONNECT 3.1.1 with a body", "E0 01 00", V311, Malformed },
        { "string with U+0000 [MQTT-1.5.4-2]", "30 04 0002 6100", V311, Malformed },
        { "PUBACK with a PUBREL reason code [MQTT-3.4.2-1]", "40 03 0001 92", V500, Malformed },
        { "PUBREL with a PUBACK reason code", "62 03 0001 10", V500, Malformed },
        { "CONNACK with Granted QoS 1", "20 03 00 01 00", V500, Malformed },
        { "SUBACK 5.0 with No Subscription Existed", "90 04 0001 00 11", V500, Malformed },
        { "UNSUBACK with Granted QoS 2", "B0 04 0001 00 02", V500, Malformed },
        { "DISCONNECT with Continue Authentication", "E0 01 18", V500, Malformed },
        { "AUTH with Not Authorized", "F0 01 87", V500, Malformed },
    };

    [Theory]
    [MemberData(nameof(Violations))]
    public void Read_ProtocolViolation_ThrowsTypedExceptionWithReasonCode(string rule, string hex, MqttProtocolVersion version, MqttReasonCode expected)
    {
        var exception = Assert.Throws<MqttProtocolException>(() => Codec.Decode(Codec.Hex(hex), version));
        Assert.True(expected == exception.ReasonCode, $"{rule}: expected {expected}, got {exception.ReasonCode} ({exception.Message})");
    }

    [Fact]
    public void Read_StringLengthPastFrame_ThrowsInsteadOfReadingNextPacket()
    {
        // The frame is 30 04 0005 7474; the 74s after it belong to the next packet and must not be read.
        var buffer = new ReadOnlySequence<byte>(Codec.Hex("30 04 0005 7474 747474"));
        Assert.True(MqttFrameReader.TryReadFrame(ref buffer, Codec.NoLimit, out var frame));
        var exception = Assert.Throws<MqttProtocolException>(() => MqttPacketReader.Read(frame, V311));
        Assert.Equal(MqttReasonCode.MalformedPacket, exception.ReasonCode);
    }

    [Theory]
    [InlineData("10 07 0004 4D515454 03", 3)]
    [InlineData("10 07 0004 4D515454 06", 6)]
    public void TryReadConnect_UnsupportedProtocolLevel_ReturnsDistinctStatus(string hex, byte expectedLevel)
    {
        var buffer = new ReadOnlySequence<byte>(Codec.Hex(hex));
        Assert.True(MqttFrameReader.TryReadFrame(ref buffer, Codec.NoLimit, out var frame));
        Assert.Equal(MqttConnectReadStatus.UnsupportedProtocolVersion, MqttPacketReader.TryReadConnect(frame, out var packet, out var level));
        Assert.Null(packet);
        Assert.Equal(expectedLevel, level);
    }

    [Fact]
    public void TryReadConnect_MqttV31ProtocolName_ReturnsUnsupportedProtocolName()
    {
        // MQTT 3.1 used "MQIsdp" with level 3 [MQTT-3.1.2-1].
        var buffer = new ReadOnlySequence<byte>(Codec.Hex("10 09 0006 4D5149736470 03"));
        Assert.True(MqttFrameReader.TryReadFrame(ref buffer, Codec.NoLimit, out var frame));
        Assert.Equal(MqttConnectReadStatus.UnsupportedProtocolName, MqttPacketReader.TryReadConnect(frame, out _, out _));
    }

    [Fact]
    public void TryReadConnect_FirstPacketNotConnect_ThrowsProtocolError()
    {
        var buffer = new ReadOnlySequence<byte>(Codec.Hex("C0 00"));
        Assert.True(MqttFrameReader.TryReadFrame(ref buffer, Codec.NoLimit, out var frame));
        var exception = Assert.Throws<MqttProtocolException>(() => MqttPacketReader.TryReadConnect(frame, out _, out _));
        Assert.Equal(MqttReasonCode.ProtocolError, exception.ReasonCode);
    }
}
