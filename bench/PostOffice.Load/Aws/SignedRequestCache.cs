using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace PostOffice.Load.Aws;

/// <summary>
/// Prebuilt, signed requests. X-Amz-Date has a resolution of one second, so every request with the same service,
/// content type, target and body sent within one second has the same bytes, signature included: the first one of
/// each second is built and signed, the others are sent from the cache as they are. The signature stays valid (it is
/// the one an SDK would compute at that second); only its cost is shared.
/// </summary>
/// <remarks>
/// Bounded: a body is remembered on first sight by its SHA-256 only, and gets a prebuilt request when it is sent
/// again, so bodies built for one request (a DeleteMessageBatch of receipt handles) are signed directly and never
/// copied. At <see cref="MaxEntries"/> the bodies seen once are forgotten, and if that is not enough, everything;
/// prebuilt requests hold at most <see cref="MaxCachedBytes"/>.
/// </remarks>
internal sealed class SignedRequestCache
{
    public const int MaxEntries = 1024;
    public const long MaxCachedBytes = 32L * 1024 * 1024;

    private readonly AwsRequestWriter _writer;
    private readonly Dictionary<SignedRequestKey, Entry> _entries = [];
    private readonly Lock _gate = new();
    private AmzDateStamp _stamp = AmzDateStamp.For(DateTime.UnixEpoch);
    private long _cachedBytes;

    public SignedRequestCache(AwsRequestWriter writer)
    {
        _writer = writer;
    }

    /// <summary>Entries held (for tests).</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>
    /// The request to send for <paramref name="key"/> now: a prebuilt one, or one written into
    /// <paramref name="scratch"/> (valid until <paramref name="scratch"/> is written again).
    /// </summary>
    public ReadOnlyMemory<byte> GetRequest(in SignedRequestKey key, ArrayBufferWriter<byte> scratch)
    {
        ArgumentNullException.ThrowIfNull(scratch);
        var date = Now();
        Entry? entry;
        lock (_gate)
        {
            if (_entries.TryGetValue(key, out entry) && entry.Request is { } request && entry.Second == date.Second)
            {
                return request;
            }
        }

        var rented = BodyOf(key, out var body);
        try
        {
            return entry is null ? WriteFirst(key, date, body, scratch) : WriteAgain(key, entry, date, body, scratch);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    private static byte[]? BodyOf(in SignedRequestKey key, out ReadOnlySpan<byte> body)
    {
        if (key.Body is byte[] bytes)
        {
            body = bytes;
            return null;
        }

        var text = (string)key.Body;
        var rented = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(text.Length));
        body = rented.AsSpan(0, Encoding.UTF8.GetBytes(text, rented));
        return rented;
    }

    private ReadOnlyMemory<byte> WriteFirst(in SignedRequestKey key, AmzDateStamp date, ReadOnlySpan<byte> body, ArrayBufferWriter<byte> scratch)
    {
        Span<byte> payloadHash = stackalloc byte[SigV4PostSigner.PayloadHashBytes];
        SHA256.HashData(body, payloadHash);
        scratch.ResetWrittenCount();
        _writer.Write(scratch, key, date, payloadHash, body);
        var entry = new Entry(payloadHash.ToArray());
        lock (_gate)
        {
            if (_entries.Count >= MaxEntries)
            {
                PruneLocked();
            }

            _entries.TryAdd(key, entry);
        }

        return scratch.WrittenMemory;
    }

    private ReadOnlyMemory<byte> WriteAgain(in SignedRequestKey key, Entry entry, AmzDateStamp date, ReadOnlySpan<byte> body, ArrayBufferWriter<byte> scratch)
    {
        scratch.ResetWrittenCount();
        _writer.Write(scratch, key, date, entry.PayloadHash, body);
        lock (_gate)
        {
            if (entry.Request is { } current && entry.Second == date.Second)
            {
                return current; // another client built it meanwhile
            }

            var previousBytes = entry.Request?.Length ?? 0;
            if (_entries.TryGetValue(key, out var held) && ReferenceEquals(held, entry)
                && _cachedBytes - previousBytes + scratch.WrittenCount <= MaxCachedBytes)
            {
                var request = scratch.WrittenSpan.ToArray();
                _cachedBytes += request.Length - previousBytes;
                entry.Request = request;
                entry.Second = date.Second;
                return request;
            }
        }

        return scratch.WrittenMemory;
    }

    private void PruneLocked()
    {
        foreach (var (key, entry) in _entries)
        {
            if (entry.Request is null)
            {
                _entries.Remove(key);
            }
        }

        if (_entries.Count >= MaxEntries * 3 / 4)
        {
            _entries.Clear();
            _cachedBytes = 0;
        }
    }

    private AmzDateStamp Now()
    {
        var now = DateTime.UtcNow;
        var stamp = Volatile.Read(ref _stamp);
        if (stamp.Second == now.Ticks / TimeSpan.TicksPerSecond)
        {
            return stamp;
        }

        stamp = AmzDateStamp.For(now);
        Volatile.Write(ref _stamp, stamp);
        return stamp;
    }

    /// <summary>A body seen before: its hash, and its prebuilt request for one second once it has been sent twice.</summary>
    private sealed class Entry(byte[] payloadHash)
    {
        public byte[] PayloadHash { get; } = payloadHash;

        public byte[]? Request { get; set; }

        public long Second { get; set; }
    }
}
