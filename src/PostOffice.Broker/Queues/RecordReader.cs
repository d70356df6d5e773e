using System.Buffers.Binary;
using System.Text;

namespace PostOffice.Broker.Queues;

/// <summary>Reads what <see cref="RecordWriter"/> wrote.</summary>
internal ref struct RecordReader(ReadOnlySpan<byte> source)
{
    private readonly ReadOnlySpan<byte> _source = source;
    private int _offset;

    public byte Byte() => _source[_offset++];

    public int Int32()
    {
        var value = BinaryPrimitives.ReadInt32LittleEndian(_source[_offset..]);
        _offset += 4;
        return value;
    }

    public long Int64()
    {
        var value = BinaryPrimitives.ReadInt64LittleEndian(_source[_offset..]);
        _offset += 8;
        return value;
    }

    public Guid Guid()
    {
        var value = new Guid(_source.Slice(_offset, 16));
        _offset += 16;
        return value;
    }

    public string? String()
    {
        var length = Int32();
        if (length < 0)
        {
            return null;
        }

        var value = Encoding.UTF8.GetString(_source.Slice(_offset, length));
        _offset += length;
        return value;
    }

    public void SkipString()
    {
        var length = Int32();
        _offset += Math.Max(length, 0);
    }

    public byte[] Bytes()
    {
        var length = Int32();
        var value = _source.Slice(_offset, length).ToArray();
        _offset += length;
        return value;
    }
}
