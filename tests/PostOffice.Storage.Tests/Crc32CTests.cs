using System.Text;

namespace PostOffice.Storage.Tests;

public sealed class Crc32CTests
{
    [Fact]
    public void Compute_CheckString_MatchesTheCastagnoliCheckValue()
    {
        // The standard check value of CRC-32C (RFC 3720, appendix B.4): CRC of ASCII "123456789".
        Assert.Equal(0xE3069283u, Crc32C.Compute("123456789"u8));
    }

    [Fact]
    public void Compute_ThirtyTwoZeroBytes_MatchesRfc3720Vector()
    {
        // RFC 3720 B.4: 32 bytes of zeroes give 0x8A9136AA.
        Assert.Equal(0x8A9136AAu, Crc32C.Compute(new byte[32]));
    }

    [Fact]
    public void Compute_AnyLength_MatchesBitwiseReference()
    {
        var random = new Random(42);
        for (var length = 0; length < 100; length++)
        {
            var data = new byte[length];
            random.NextBytes(data);
            Assert.Equal(Reference(data), Crc32C.Compute(data));
        }
    }

    private static uint Reference(byte[] data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var i = 0; i < 8; i++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0x82F63B78u : crc >> 1;
            }
        }

        return ~crc;
    }
}
