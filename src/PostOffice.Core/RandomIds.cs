using System.Security.Cryptography;

namespace PostOffice;

/// <summary>
/// Random (version 4) GUIDs for message ids and request ids, as <see cref="Guid.NewGuid"/> makes them, drawn from a
/// per-thread block that the system's cryptographic generator fills 256 ids at a time. On Linux
/// <see cref="Guid.NewGuid"/> reads <c>/dev/urandom</c> once per id; a SendMessage needs two ids, and those two
/// system calls were about 4% of the CPU of its whole in-process path.
/// </summary>
public static class RandomIds
{
    private const int IdsPerBlock = 256;
    private const int IdLength = 16;

    [ThreadStatic]
    private static byte[]? _block;

    [ThreadStatic]
    private static int _next;

    public static Guid NewGuid()
    {
        var block = _block;
        if (block is null || _next == block.Length)
        {
            block = _block ??= new byte[IdsPerBlock * IdLength];
            RandomNumberGenerator.Fill(block);
            _next = 0;
        }

        var bytes = block.AsSpan(_next, IdLength);
        _next += IdLength;

        // RFC 9562 version 4: the version in the top nibble of time_hi (byte 7 in Guid's little-endian layout), the
        // variant 10xx in the top bits of clock_seq (byte 8).
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes);
    }
}
