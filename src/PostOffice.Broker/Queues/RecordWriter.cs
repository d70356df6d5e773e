using System.Buffers.Binary;
using System.Text;

namespace PostOffice.Broker.Queues;

/// <summary>Writes little-endian fields into a span sized in advance with <see cref="RecordSize"/>.</summary>
internal ref struct RecordWriter(Span<byte> destination)
{
    private readonly Span<byte> _destination = destination;
    private int _offset;

    public readonly int Written => _offset;

    public void Byte(byte value) => _destination[_offset++] = value;

    public void Int32(int value)
    {
        BinaryPrimitives.WriteInt32LittleEndian(_destination[_offset..], value);
        _offset += 4;
    }

    public void Int64(long value)
    {
        BinaryPrimitives.WriteInt64LittleEndian(_destination[_offset..], value);
        _offset += 8;
    }

    public void Guid(Guid value)
    {
        value.TryWriteBytes(_destination[_offset..]);
        _offset += 16;
    }

    /// <summary>A length-prefixed UTF-8 string; null is length -1.</summary>
    public void String(string? value)
    {
        if (value is null)
        {
            Int32(-1);
            return;
        }

        var length = Encoding.UTF8.GetBytes(value, _destination[(_offset + 4)..]);
        Int32(length);
        _offset += length;
    }

    /// <summary>Length-prefixed bytes; null is written as no bytes.</summary>
    public void Bytes(ReadOnlySpan<byte> value)
    {
        Int32(value.Length);
        value.CopyTo(_destination[_offset..]);
        _offset += value.Length;
    }
}
