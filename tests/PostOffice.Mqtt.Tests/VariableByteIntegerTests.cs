using System.Buffers;

namespace PostOffice.Mqtt.Tests;

public sealed class VariableByteIntegerTests
{
    // MQTT 5.0 section 1.5.5, table 1-1: the boundaries of each encoded length.
    [Theory]
    [InlineData(0, "00")]
    [InlineData(127, "7F")]
    [InlineData(128, "8001")]
    [InlineData(16_383, "FF7F")]
    [InlineData(16_384, "808001")]
    [InlineData(2_097_151, "FFFF7F")]
    [InlineData(2_097_152, "80808001")]
    [InlineData(268_435_455, "FFFFFF7F")]
    public void VariableByteInteger_SpecBoundary_EncodesAndDecodesToTable(int value, string hex)
    {
        var expected = Convert.FromHexString(hex);
        var buffer = new byte[4];
        var written = MqttPrimitiveWriter.WriteVariableByteInteger(buffer, value);
        Assert.Equal(expected, buffer[..written]);
        Assert.Equal(expected.Length, MqttPrimitiveWriter.GetVariableByteIntegerSize(value));

        var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(expected));
        Assert.Equal(OperationStatus.Done, MqttPrimitiveReader.TryReadVariableByteInteger(ref reader, out var decoded));
        Assert.Equal(value, decoded);
        Assert.True(reader.End);
    }

    [Fact]
    public void ReadVariableByteInteger_FifthContinuationByte_ThrowsMalformedPacket()
    {
        var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>([0xFF, 0xFF, 0xFF, 0xFF, 0x01]));
        try
        {
            MqttPrimitiveReader.TryReadVariableByteInteger(ref reader, out _);
            Assert.Fail("expected a protocol exception");
        }
        catch (MqttProtocolException exception)
        {
            Assert.Equal(MqttReasonCode.MalformedPacket, exception.ReasonCode);
        }
    }

    [Fact]
    public void TryReadVariableByteInteger_EndsOnContinuationByte_NeedsMoreDataWithoutConsuming()
    {
        var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>([0x80, 0x80]));
        Assert.Equal(OperationStatus.NeedMoreData, MqttPrimitiveReader.TryReadVariableByteInteger(ref reader, out _));
        Assert.Equal(0, reader.Consumed);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(268_435_456)]
    public void WriteVariableByteInteger_OutOfRange_Throws(int value) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => MqttPrimitiveWriter.GetVariableByteIntegerSize(value));
}
