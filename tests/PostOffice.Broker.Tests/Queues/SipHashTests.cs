using PostOffice.Broker.Queues;

namespace PostOffice.Broker.Tests.Queues;

/// <summary>
/// SipHash-2-4-128 against the reference implementation's test vectors (<c>vectors_sip128</c> in
/// github.com/veorq/SipHash, <c>vectors.h</c>): key 00 01 .. 0f, message 00 01 .. (n-1) for length n.
/// </summary>
public sealed class SipHashTests
{
    [Theory]
    [InlineData(0, "a3817f04ba25a8e66df67214c7550293")]
    [InlineData(1, "da87c1d86b99af44347659119b22fc45")]
    [InlineData(7, "a1f1ebbed8dbc153c0b84aa61ff08239")]
    [InlineData(8, "3b62a9ba6258f5610f83e264f31497b4")]
    [InlineData(15, "5493e99933b0a8117e08ec0f97cfc3d9")]
    [InlineData(16, "6ee2a4ca67b054bbfd3315bf85230577")]
    [InlineData(24, "2db479ae78bd50d8882a8a178a6132ad")] // a receipt handle's length
    [InlineData(63, "5150d1772f50834a503e069a973fbd7c")]
    public void Tag128_ReferenceVector_Matches(int length, string expected)
    {
        var key = Enumerable.Range(0, 16).Select(i => (byte)i).ToArray();
        var message = Enumerable.Range(0, length).Select(i => (byte)i).ToArray();
        var tag = new byte[SipHash.TagLength];

        SipHash.Tag128(key, message, tag);

        Assert.Equal(expected, Convert.ToHexStringLower(tag));
    }

    [Fact]
    public void Tag128_KeyOfTheWrongLength_Throws()
    {
        Assert.Throws<ArgumentException>(() => SipHash.Tag128(new byte[32], [], new byte[SipHash.TagLength]));
    }
}
