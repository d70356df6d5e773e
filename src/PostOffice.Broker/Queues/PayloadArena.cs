using System.Diagnostics;

namespace PostOffice.Broker.Queues;

/// <summary>
/// Resident message bodies (encoded enqueue records) packed into 1 MiB chunks, so a million resident bodies are a
/// few dozen arrays rather than a million objects. A chunk is recycled once every payload in it has been freed;
/// queues consume roughly in arrival order, so chunks empty in turn. A payload larger than a quarter chunk gets an
/// array of its own. The budget counts whole chunks: fragmentation makes fewer bodies resident (the rest are read
/// back from the log), never more memory.
/// </summary>
/// <remarks>Not thread-safe: the owning queue's lock guards it.</remarks>
internal sealed class PayloadArena
{
    private const int ChunkBytes = 1024 * 1024;
    private const int LargePayloadBytes = ChunkBytes / 4;
    private const int MaxSpareChunks = 2;

    private byte[]?[] _chunks = new byte[]?[4];
    private int[] _live = new int[4];
    private int _chunkCount;
    private readonly Stack<int> _freeIndices = new();
    private readonly Stack<byte[]> _spares = new();
    private int _current = -1;
    private int _currentUsed;

    /// <summary>Bytes of the chunks in use, which the residency budget limits.</summary>
    public long ReservedBytes { get; private set; }

    public bool TryStore(ReadOnlySpan<byte> payload, long budget, out PayloadLocation location)
    {
        location = default;
        if (payload.Length > LargePayloadBytes)
        {
            if (ReservedBytes + payload.Length > budget)
            {
                return false;
            }

            var own = NewIndex();
            _chunks[own] = payload.ToArray();
            _live[own] = payload.Length;
            ReservedBytes += payload.Length;
            location = new PayloadLocation(own + 1, 0, payload.Length);
            return true;
        }

        var needsChunk = _current < 0 || _currentUsed + payload.Length > ChunkBytes;
        if (ReservedBytes + (needsChunk ? ChunkBytes : 0) > budget)
        {
            return false;
        }

        if (needsChunk)
        {

            var previous = _current;
            _current = NewIndex();
            _chunks[_current] = _spares.Count > 0 ? _spares.Pop() : new byte[ChunkBytes];
            _currentUsed = 0;
            ReservedBytes += ChunkBytes;
            if (previous >= 0 && _live[previous] == 0)
            {
                FreeChunk(previous);
            }
        }

        payload.CopyTo(_chunks[_current].AsSpan(_currentUsed));
        location = new PayloadLocation(_current + 1, _currentUsed, payload.Length);
        _currentUsed += payload.Length;
        _live[_current] += payload.Length;
        return true;
    }

    public ReadOnlySpan<byte> Get(PayloadLocation location)
    {
        Debug.Assert(location.IsResident);
        return _chunks[location.Chunk - 1].AsSpan(location.Offset, location.Length);
    }

    public void Free(PayloadLocation location)
    {
        if (!location.IsResident)
        {
            return;
        }

        var index = location.Chunk - 1;
        _live[index] -= location.Length;
        Debug.Assert(_live[index] >= 0);
        if (_live[index] > 0)
        {
            return;
        }

        if (index == _current)
        {
            _currentUsed = 0; // the current chunk emptied: fill it again from the start
        }
        else
        {
            FreeChunk(index);
        }
    }

    private int NewIndex()
    {
        if (_freeIndices.Count > 0)
        {
            return _freeIndices.Pop();
        }

        if (_chunkCount == _chunks.Length)
        {
            Array.Resize(ref _chunks, _chunkCount * 2);
            Array.Resize(ref _live, _chunkCount * 2);
        }

        return _chunkCount++;
    }

    private void FreeChunk(int index)
    {
        var chunk = _chunks[index]!;
        ReservedBytes -= chunk.Length;
        if (chunk.Length == ChunkBytes && _spares.Count < MaxSpareChunks)
        {
            _spares.Push(chunk);
        }

        _chunks[index] = null;
        _live[index] = 0;
        _freeIndices.Push(index);
    }
}
