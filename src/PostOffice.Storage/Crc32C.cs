using System.Buffers.Binary;
using System.Numerics;

namespace PostOffice.Storage;

/// <summary>CRC-32C (Castagnoli), as used by iSCSI, ext4 and Kafka: initial value and final XOR 0xFFFFFFFF.</summary>
/// <remarks>
/// <see cref="BitOperations.Crc32C(uint, ulong)"/> compiles to the SSE4.2 / ARMv8 CRC instruction where the CPU has
/// one, so eight bytes cost one instruction.
/// </remarks>
public static class Crc32C
{
    public static uint Compute(ReadOnlySpan<byte> data) => Append(0xFFFF_FFFFu, data) ^ 0xFFFF_FFFFu;

    /// <summary>Continues a running (not yet finalized) CRC over more bytes.</summary>
    internal static uint Append(uint crc, ReadOnlySpan<byte> data)
    {
        while (data.Length >= 8)
        {
            crc = BitOperations.Crc32C(crc, BinaryPrimitives.ReadUInt64LittleEndian(data));
            data = data[8..];
        }

        foreach (var b in data)
        {
            crc = BitOperations.Crc32C(crc, b);
        }

        return crc;
    }
}
