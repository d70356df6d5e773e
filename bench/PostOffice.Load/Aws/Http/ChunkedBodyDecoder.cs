using System.Buffers;

namespace PostOffice.Load.Aws.Http;

/// <summary>
/// Decodes a chunked body (RFC 9112 §7.1) as its bytes arrive, copying the chunk data out:
/// <code>
/// chunked-body = *chunk last-chunk trailer-section CRLF
/// chunk        = chunk-size [ chunk-ext ] CRLF chunk-data CRLF
/// last-chunk   = 1*("0") [ chunk-ext ] CRLF
/// </code>
/// Extensions and trailer fields are skipped.
/// </summary>
internal struct ChunkedBodyDecoder
{
    /// <summary>The longest chunk-size line or trailer line accepted.</summary>
    public const int MaxLineBytes = 8 * 1024;

    private readonly long _maxBodyBytes;
    private State _state;
    private long _remaining;
    private long _total;

    public ChunkedBodyDecoder(long maxBodyBytes)
    {
        _maxBodyBytes = maxBodyBytes;
    }

    private enum State
    {
        Size,
        Data,
        DataEnd,
        Trailer,
        Done,
    }

    /// <summary>
    /// Consumes what it can of <paramref name="source"/>, appending chunk data to <paramref name="body"/>.
    /// <see cref="OperationStatus.Done"/> once the body has ended (bytes after it are left unconsumed),
    /// <see cref="OperationStatus.NeedMoreData"/> when the rest of <paramref name="source"/> is an incomplete line
    /// (left unconsumed, to be offered again with more bytes), <see cref="OperationStatus.InvalidData"/> when the
    /// body is malformed or longer than allowed.
    /// </summary>
    public OperationStatus Decode(ReadOnlySpan<byte> source, IBufferWriter<byte> body, out int consumed)
    {
        consumed = 0;
        while (true)
        {
            switch (_state)
            {
                case State.Size:
                    {
                        var position = consumed;
                        if (!HttpResponseParser.TryReadLine(source, ref position, out var line))
                        {
                            return source.Length - consumed > MaxLineBytes ? OperationStatus.InvalidData : OperationStatus.NeedMoreData;
                        }

                        if (!TryParseChunkSize(line, out var size) || (_total += size) > _maxBodyBytes)
                        {
                            return OperationStatus.InvalidData;
                        }

                        consumed = position;
                        _remaining = size;
                        _state = size == 0 ? State.Trailer : State.Data;
                        break;
                    }

                case State.Data:
                    {
                        var available = (int)Math.Min(_remaining, source.Length - consumed);
                        if (available == 0)
                        {
                            return OperationStatus.NeedMoreData;
                        }

                        body.Write(source.Slice(consumed, available));
                        consumed += available;
                        _remaining -= available;
                        if (_remaining == 0)
                        {
                            _state = State.DataEnd;
                        }

                        break;
                    }

                case State.DataEnd:
                    {
                        var position = consumed;
                        if (!HttpResponseParser.TryReadLine(source, ref position, out var line))
                        {
                            return source.Length - consumed >= 2 ? OperationStatus.InvalidData : OperationStatus.NeedMoreData;
                        }

                        if (!line.IsEmpty)
                        {
                            return OperationStatus.InvalidData;
                        }

                        consumed = position;
                        _state = State.Size;
                        break;
                    }

                case State.Trailer:
                    {
                        var position = consumed;
                        if (!HttpResponseParser.TryReadLine(source, ref position, out var line))
                        {
                            return source.Length - consumed > MaxLineBytes ? OperationStatus.InvalidData : OperationStatus.NeedMoreData;
                        }

                        consumed = position;
                        if (line.IsEmpty)
                        {
                            _state = State.Done;
                        }

                        break;
                    }

                default:
                    return OperationStatus.Done;
            }
        }
    }

    /// <summary><c>chunk-size [ BWS ";" chunk-ext ]</c>: at least one hex digit, at most 15 (no overflow).</summary>
    private static bool TryParseChunkSize(ReadOnlySpan<byte> line, out long size)
    {
        size = 0;
        var digits = 0;
        while (digits < line.Length && HexValue(line[digits]) is >= 0 and var value)
        {
            if (digits == 15)
            {
                return false;
            }

            size = (size << 4) | (uint)value;
            digits++;
        }

        if (digits == 0)
        {
            return false;
        }

        var rest = line[digits..];
        return rest.IsEmpty || rest[0] is (byte)';' or (byte)' ' or (byte)'\t';
    }

    private static int HexValue(byte value) => value switch
    {
        >= (byte)'0' and <= (byte)'9' => value - '0',
        >= (byte)'a' and <= (byte)'f' => value - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => value - 'A' + 10,
        _ => -1,
    };
}
