using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using PostOffice.Aws.Sqs;

namespace PostOffice.Benchmarks.Aws;

/// <summary>
/// The MD5 of one SQS message body (MD5OfMessageBody, computed at every send): the managed MD5 the SQS edge uses up
/// to <see cref="SmallMd5.ManagedLimit"/> bytes, and the eight-lane one it uses for the bodies of a batch (per body:
/// eight bodies per call), against the platform's (OpenSSL) one-shot MD5.
/// </summary>
[MemoryDiagnoser]
[System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA5351:Do Not Use Broken Cryptographic Algorithms", Justification = "SQS defines its checksums as MD5.")]
public class Md5Benchmarks
{
    private readonly byte[] _digest = new byte[16];
    private readonly byte[] _laneDigests = new byte[16 * LanedMd5.Lanes];
    private readonly int[] _starts = new int[LanedMd5.Lanes];
    private readonly int[] _lengths = new int[LanedMd5.Lanes];
    private byte[] _body = [];
    private byte[] _bodies = [];

    [Params(64, 256, 512)]
    public int Bytes { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _body = RandomNumberGenerator.GetBytes(Bytes);
        _bodies = RandomNumberGenerator.GetBytes(Bytes * LanedMd5.Lanes);
        for (var lane = 0; lane < LanedMd5.Lanes; lane++)
        {
            _starts[lane] = lane * Bytes;
            _lengths[lane] = Bytes;
        }
    }

    [Benchmark(Baseline = true)]
    public byte Platform()
    {
        MD5.HashData(_body, _digest);
        return _digest[0];
    }

    [Benchmark]
    public byte Managed()
    {
        SmallMd5.HashData(_body, _digest);
        return _digest[0];
    }

    [Benchmark(OperationsPerInvoke = LanedMd5.Lanes)]
    public byte Laned()
    {
        LanedMd5.HashData(_bodies, _starts, _lengths, _laneDigests);
        return _laneDigests[0];
    }
}
