using PostOffice.Storage.Io;

namespace PostOffice.Storage.Log;

/// <summary>Reads a log file front to back through one large buffer, so recovery costs few system calls.</summary>
internal sealed class SegmentReader(IStorageFile file, long fileLength)
{
    private const int WindowBytes = 4 * 1024 * 1024;

    private byte[] _buffer = new byte[WindowBytes];
    private long _bufferStart = -1;
    private int _bufferLength;

    public long FileLength { get; } = fileLength;

    /// <summary>Returns the bytes at [offset, offset + length), cut short at the end of the file.</summary>
    public ReadOnlySpan<byte> Read(long offset, int length)
    {
        length = (int)Math.Min(length, FileLength - offset);
        if (_bufferStart >= 0 && offset >= _bufferStart && offset + length <= _bufferStart + _bufferLength)
        {
            return _buffer.AsSpan((int)(offset - _bufferStart), length);
        }

        if (length > _buffer.Length)
        {
            _buffer = new byte[length];
        }

        var toRead = (int)Math.Min(_buffer.Length, FileLength - offset);
        _bufferLength = file.Read(_buffer.AsSpan(0, toRead), offset);
        _bufferStart = offset;
        return _buffer.AsSpan(0, Math.Min(length, _bufferLength));
    }
}
