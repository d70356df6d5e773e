using System.Security.Cryptography;
using System.Text;
using PostOffice.Aws.Sqs;

namespace PostOffice.Aws.Tests.Sqs;

[System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA5351:Do Not Use Broken Cryptographic Algorithms", Justification = "The reference MD5 the laned one is checked against.")]
public sealed class LanedMd5Tests
{
    [Fact]
    public void HashData_OneToEightInputsOfMixedLengths_EachLaneMatchesThePlatformMd5()
    {
        if (!LanedMd5.IsSupported)
        {
            Assert.Skip("no 256-bit vectors on this machine");
        }

        // Every length around a block's end and the padding's edge (55/56 and 63/64 bytes into a block), and lanes of
        // very different lengths side by side, so that lanes finish blocks apart.
        var random = new Random(1321);
        var edges = new[] { 0, 1, 55, 56, 57, 63, 64, 65, 119, 120, 127, 128, 129, 255, 256, 511, 512 };
        for (var round = 0; round < 300; round++)
        {
            var count = (round % LanedMd5.Lanes) + 1;
            var inputs = Enumerable.Range(0, count)
                .Select(_ => random.Next(3) == 0 ? edges[random.Next(edges.Length)] : random.Next(600))
                .Select(length => RandomNumberGenerator.GetBytes(length))
                .ToArray();
            var data = inputs.SelectMany(input => input).ToArray();
            var starts = new int[count];
            for (var i = 1; i < count; i++)
            {
                starts[i] = starts[i - 1] + inputs[i - 1].Length;
            }

            var digests = new byte[count * 16];
            LanedMd5.HashData(data, starts, [.. inputs.Select(input => input.Length)], digests);

            for (var lane = 0; lane < count; lane++)
            {
                Assert.True(
                    MD5.HashData(inputs[lane]).AsSpan().SequenceEqual(digests.AsSpan(lane * 16, 16)),
                    $"round {round}, lane {lane} of {count}, {inputs[lane].Length} bytes");
            }
        }
    }

    [Fact]
    public void HashData_MoreThanEightInputs_Throws()
    {
        var nine = new int[LanedMd5.Lanes + 1];

        Assert.Throws<ArgumentException>(() => LanedMd5.HashData([], nine, nine, new byte[16 * nine.Length]));
    }

    [Fact]
    public void Bodies_ABatchOfShortLongAndNonAsciiBodies_MatchesEachBodysOwnDigest()
    {
        var random = new Random(2012);
        var bodies = Enumerable.Range(0, 23)
            .Select(i => (i % 7) switch
            {
                0 => new string('x', 70_000),
                1 => string.Empty,
                2 => "héllo wörld ✓ " + i,
                3 => new string('é', 300), // 600 UTF-8 bytes from 300 characters: past the laned limit
                _ => new string((char)('a' + (i % 26)), random.Next(520)),
            })
            .ToList();

        var digests = MessageMd5.Bodies(bodies);

        Assert.Equal(bodies.Count, digests.Length);
        for (var i = 0; i < bodies.Count; i++)
        {
            Assert.Equal(MD5.HashData(Encoding.UTF8.GetBytes(bodies[i])), digests[i]);
        }
    }
}
