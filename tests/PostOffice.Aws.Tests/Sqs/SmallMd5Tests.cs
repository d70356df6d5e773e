using System.Security.Cryptography;
using System.Text;
using PostOffice.Aws.Sqs;

namespace PostOffice.Aws.Tests.Sqs;

[System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA5351:Do Not Use Broken Cryptographic Algorithms", Justification = "The reference MD5 the managed one is checked against.")]
public sealed class SmallMd5Tests
{
    /// <summary>The test suite of RFC 1321, appendix A.5.</summary>
    [Theory]
    [InlineData("", "d41d8cd98f00b204e9800998ecf8427e")]
    [InlineData("a", "0cc175b9c0f1b6a831c399e269772661")]
    [InlineData("abc", "900150983cd24fb0d6963f7d28e17f72")]
    [InlineData("message digest", "f96b697d7cb7938d525a2f31aaf161d0")]
    [InlineData("abcdefghijklmnopqrstuvwxyz", "c3fcd3d76192e4007dfb496cca67e13b")]
    [InlineData("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", "d174ab98d277d9f5a5611c2c9f419d9f")]
    [InlineData("12345678901234567890123456789012345678901234567890123456789012345678901234567890", "57edf4a22be3c955ac49da2e2107b67a")]
    public void HashData_Rfc1321Suite_GivesTheListedDigests(string input, string expected)
    {
        var digest = new byte[16];

        SmallMd5.HashData(Encoding.ASCII.GetBytes(input), digest);

        Assert.Equal(expected, Convert.ToHexStringLower(digest));
    }

    [Fact]
    public void HashData_EveryLengthAroundTheBlockAndPaddingEdgesAndPastTheManagedLimit_MatchesThePlatformMd5()
    {
        var random = new Random(1321);
        var lengths = Enumerable.Range(0, 300).Concat([SmallMd5.ManagedLimit - 1, SmallMd5.ManagedLimit, SmallMd5.ManagedLimit + 1, 65_536]);
        var digest = new byte[16];
        foreach (var length in lengths)
        {
            var data = new byte[length];
            random.NextBytes(data);

            SmallMd5.HashData(data, digest);

            Assert.True(MD5.HashData(data).AsSpan().SequenceEqual(digest), $"length {length}");
        }
    }
}
