using System.Buffers;

namespace PostOffice.Mqtt.Tests;

public sealed class PrimitiveTests
{
    private static string ReadString(byte[] bytes)
    {
        var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(bytes));
        return MqttPrimitiveReader.ReadUtf8String(ref reader);
    }

    private static MqttReasonCode ReadStringFailure(byte[] bytes)
    {
        try
        {
            ReadString(bytes);
        }
        catch (MqttProtocolException exception)
        {
            return exception.ReasonCode;
        }

        Assert.Fail("expected a protocol exception");
        return default;
    }

    [Fact]
    public void ReadUtf8String_SpecExample_DecodesAToCombiningCharacter()
    {
        // MQTT 5.0 1.5.4, figure 1-1: "A\uD869\uDED4" is 00 05 41 F0 AA 9B 94.
        Assert.Equal("A\U0002A6D4", ReadString(Codec.Hex("0005 41 F0AA9B94")));
    }

    [Fact]
    public void ReadUtf8String_ByteOrderMark_IsKept()
    {
        // [MQTT-1.5.4-3]: 0xEF 0xBB 0xBF is U+FEFF, and is not skipped or stripped.
        Assert.Equal("\uFEFFa", ReadString(Codec.Hex("0004 EFBBBF 61")));
    }

    [Theory]
    [InlineData("0003 61 00 62")] // U+0000 [MQTT-1.5.4-2]
    [InlineData("0003 EDA080")] // encoded surrogate U+D800 [MQTT-1.5.4-1]
    [InlineData("0002 C080")] // overlong encoding [MQTT-1.5.4-1]
    [InlineData("0001 FF")] // never valid in UTF-8 [MQTT-1.5.4-1]
    public void ReadUtf8String_IllFormed_ThrowsMalformedPacket(string hex) =>
        Assert.Equal(MqttReasonCode.MalformedPacket, ReadStringFailure(Codec.Hex(hex)));

    [Fact]
    public void ReadUtf8String_LengthPastEnd_ThrowsMalformedPacket() =>
        Assert.Equal(MqttReasonCode.MalformedPacket, ReadStringFailure(Codec.Hex("0005 6162")));

    [Fact]
    public void ReadUtf8String_SplitAcrossSegments_Decodes()
    {
        var bytes = Codec.Hex("0005 41 F0AA9B94");
        for (var at = 1; at < bytes.Length; at++)
        {
            var reader = new SequenceReader<byte>(TestSegment.Split(bytes, at));
            Assert.Equal("A\U0002A6D4", MqttPrimitiveReader.ReadUtf8String(ref reader));
        }
    }

    [Fact]
    public void GetUtf8StringSize_NullCharacter_Throws() =>
        Assert.Throws<ArgumentException>(() => MqttPrimitiveWriter.GetUtf8StringSize("a\0b"));

    [Fact]
    public void GetUtf8StringSize_LoneSurrogate_Throws() =>
        Assert.Throws<ArgumentException>(() => MqttPrimitiveWriter.GetUtf8StringSize(new string((char)0xD800, 1)));

    [Fact]
    public void TwoAndFourByteIntegers_BigEndian_RoundTrip()
    {
        var buffer = new byte[6];
        var writer = new MqttSpanWriter(buffer);
        writer.WriteTwoByteInteger(0x1234);
        writer.WriteFourByteInteger(0x89ABCDEF);
        Assert.Equal(Codec.Hex("1234 89ABCDEF"), buffer);

        var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(buffer));
        Assert.Equal(0x1234, MqttPrimitiveReader.ReadTwoByteInteger(ref reader));
        Assert.Equal(0x89ABCDEFu, MqttPrimitiveReader.ReadFourByteInteger(ref reader));
    }
}
