using System.Buffers.Binary;
using System.Text;

namespace PostOffice.Mqtt;

/// <summary>Writes MQTT data representations into a span sized beforehand from the packet's encoded size.</summary>
internal ref struct MqttSpanWriter
{
    private readonly Span<byte> _span;
    private int _position;

    public MqttSpanWriter(Span<byte> span)
    {
        _span = span;
        _position = 0;
    }

    public readonly int Position => _position;

    public void WriteByte(byte value) => _span[_position++] = value;

    public void WriteTwoByteInteger(ushort value)
    {
        BinaryPrimitives.WriteUInt16BigEndian(_span[_position..], value);
        _position += 2;
    }

    public void WriteFourByteInteger(uint value)
    {
        BinaryPrimitives.WriteUInt32BigEndian(_span[_position..], value);
        _position += 4;
    }

    public void WriteVariableByteInteger(int value)
    {
        _position += MqttPrimitiveWriter.WriteVariableByteInteger(_span[_position..], value);
    }

    public void WriteUtf8String(string value)
    {
        var length = MqttPrimitiveWriter.GetUtf8StringSize(value) - 2;
        WriteTwoByteInteger((ushort)length);
        _position += Encoding.UTF8.GetBytes(value, _span[_position..]);
    }

    public void WriteBinaryData(ReadOnlySpan<byte> value)
    {
        WriteTwoByteInteger((ushort)value.Length);
        WriteBytes(value);
    }

    public void WriteBytes(ReadOnlySpan<byte> value)
    {
        value.CopyTo(_span[_position..]);
        _position += value.Length;
    }
}
