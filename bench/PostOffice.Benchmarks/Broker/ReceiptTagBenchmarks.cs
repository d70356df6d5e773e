using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using PostOffice.Broker.Queues;

namespace PostOffice.Benchmarks.Broker;

/// <summary>
/// The tag of one SQS receipt handle (24 bytes: queue, message, receive): SipHash-2-4-128, which the queue engine
/// uses, against HMAC-SHA256 through the platform's native library with a reused keyed context, which it used before.
/// Every received and every deleted message needs one.
/// </summary>
[MemoryDiagnoser]
public class ReceiptTagBenchmarks : IDisposable
{
    private readonly byte[] _fields = new byte[24];
    private readonly byte[] _tag = new byte[32];
    private readonly byte[] _sipKey = RandomNumberGenerator.GetBytes(SipHash.KeyLength);
    private readonly IncrementalHash _hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, RandomNumberGenerator.GetBytes(32));

    [Benchmark(Baseline = true)]
    public byte HmacSha256()
    {
        _hmac.AppendData(_fields);
        _hmac.GetHashAndReset(_tag);
        return _tag[0];
    }

    [Benchmark]
    public byte SipHash128()
    {
        SipHash.Tag128(_sipKey, _fields, _tag);
        return _tag[0];
    }

    public void Dispose()
    {
        _hmac.Dispose();
        GC.SuppressFinalize(this);
    }
}
