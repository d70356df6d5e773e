using System.Buffers.Text;
using System.Globalization;

namespace PostOffice.Load.Aws;

/// <summary>
/// The head of every message an SNS run publishes: <c>~po-load:TTTTTTTTTTTTTTTTTTT:SSSSSSSSSSSS:</c>, the send time
/// in <see cref="System.Diagnostics.Stopwatch"/> ticks (19 digits) and the run's sequence number (12 digits), padded
/// with letters to the payload size. Digits, letters, '~' and ':' are the same in a form body, in a JSON string and
/// inside the JSON envelope SNS wraps around a message, so a receiver finds the stamp in whatever bytes it got
/// without decoding them.
/// </summary>
internal static class LoadStamp
{
    public const int Length = 42;
    private const string Marker = "~po-load:";
    private const int TimestampDigits = 19;
    private const int SequenceDigits = 12;

    private static ReadOnlySpan<byte> MarkerBytes => "~po-load:"u8;

    /// <summary>The stamp followed by letters up to <paramref name="size"/> characters (at least <see cref="Length"/>).</summary>
    public static string Message(long timestamp, long sequence, int size) =>
        string.Create(Math.Max(size, Length), (timestamp, sequence), static (span, stamp) =>
        {
            Marker.AsSpan().CopyTo(span);
            var position = Marker.Length;
            stamp.timestamp.TryFormat(span.Slice(position, TimestampDigits), out _, "D19", CultureInfo.InvariantCulture);
            position += TimestampDigits;
            span[position++] = ':';
            stamp.sequence.TryFormat(span.Slice(position, SequenceDigits), out _, "D12", CultureInfo.InvariantCulture);
            position += SequenceDigits;
            span[position++] = ':';
            for (var i = position; i < span.Length; i++)
            {
                span[i] = (char)('a' + (i % 26));
            }
        });

    /// <summary>Finds the first stamp in <paramref name="utf8"/>; false when there is none or it is cut short.</summary>
    public static bool TryRead(ReadOnlySpan<byte> utf8, out long timestamp, out long sequence)
    {
        timestamp = 0;
        sequence = 0;
        var at = utf8.IndexOf(MarkerBytes);
        if (at < 0 || utf8.Length - at < Length)
        {
            return false;
        }

        var stamp = utf8.Slice(at + Marker.Length, Length - Marker.Length);
        return Utf8Parser.TryParse(stamp[..TimestampDigits], out timestamp, out var timestampBytes) && timestampBytes == TimestampDigits
            && stamp[TimestampDigits] == (byte)':'
            && Utf8Parser.TryParse(stamp.Slice(TimestampDigits + 1, SequenceDigits), out sequence, out var sequenceBytes) && sequenceBytes == SequenceDigits
            && stamp[^1] == (byte)':';
    }
}
