using System.Buffers;
using System.Text;

namespace PostOffice.Aws.Protocol;

/// <summary>
/// The decoded parameters of an awsQuery request: <c>application/x-www-form-urlencoded</c> pairs from the body
/// and the URL query string, keyed by their flattened names (<c>MessageAttribute.1.Value.DataType</c>).
/// </summary>
internal sealed class QueryParameters
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);

    public int Count => _values.Count;

    public IEnumerable<string> Names => _values.Keys;

    public bool TryGetValue(string name, out string value) => _values.TryGetValue(name, out value!);

    public string? this[string name] => _values.TryGetValue(name, out var value) ? value : null;

    /// <summary>
    /// Adds the pairs of a form or query string (a leading '?' is skipped). '+' is a space and %XX a byte; the
    /// decoded bytes must be UTF-8. Returns false, having added nothing more, on a bad escape or bad UTF-8:
    /// AWS answers MalformedQueryString. A repeated name keeps its last value.
    /// </summary>
    public bool TryAdd(ReadOnlySpan<byte> encoded)
    {
        if (!encoded.IsEmpty && encoded[0] == (byte)'?')
        {
            encoded = encoded[1..];
        }

        var scratch = ArrayPool<byte>.Shared.Rent(Math.Max(encoded.Length, 16));
        try
        {
            while (!encoded.IsEmpty)
            {
                var end = encoded.IndexOf((byte)'&');
                var pair = end < 0 ? encoded : encoded[..end];
                encoded = end < 0 ? [] : encoded[(end + 1)..];
                if (pair.IsEmpty)
                {
                    continue;
                }

                var equals = pair.IndexOf((byte)'=');
                var encodedName = equals < 0 ? pair : pair[..equals];
                var encodedValue = equals < 0 ? [] : pair[(equals + 1)..];
                if (!TryDecode(encodedName, scratch, out var name) || !TryDecode(encodedValue, scratch, out var value))
                {
                    return false;
                }

                _values[name] = value;
            }

            return true;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(scratch);
        }
    }

    /// <summary>
    /// The indexes N of the flattened members <c>{name}.N</c> and <c>{name}.N.Anything</c>, ascending. Clients
    /// number from 1 without gaps; gaps and order are tolerated here.
    /// </summary>
    public IReadOnlyList<int> IndexesOf(string name)
    {
        SortedSet<int>? indexes = null;
        foreach (var key in _values.Keys)
        {
            if (key.Length <= name.Length + 1 || key[name.Length] != '.' || !key.StartsWith(name, StringComparison.Ordinal))
            {
                continue;
            }

            var rest = key.AsSpan(name.Length + 1);
            var dot = rest.IndexOf('.');
            if (int.TryParse(dot < 0 ? rest : rest[..dot], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var index) && index > 0)
            {
                (indexes ??= []).Add(index);
            }
        }

        return indexes is null ? [] : [.. indexes];
    }

    private static bool TryDecode(ReadOnlySpan<byte> encoded, byte[] scratch, out string decoded)
    {
        var length = 0;
        for (var i = 0; i < encoded.Length; i++)
        {
            var b = encoded[i];
            if (b == (byte)'+')
            {
                b = (byte)' ';
            }
            else if (b == (byte)'%')
            {
                if (i + 2 >= encoded.Length || !TryHex(encoded[i + 1], out var high) || !TryHex(encoded[i + 2], out var low))
                {
                    decoded = string.Empty;
                    return false;
                }

                b = (byte)((high << 4) | low);
                i += 2;
            }

            scratch[length++] = b;
        }

        try
        {
            decoded = StrictUtf8.GetString(scratch, 0, length);
            return true;
        }
        catch (DecoderFallbackException)
        {
            decoded = string.Empty;
            return false;
        }
    }

    private static bool TryHex(byte b, out int value)
    {
        value = b switch
        {
            >= (byte)'0' and <= (byte)'9' => b - '0',
            >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
            >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
            _ => -1,
        };
        return value >= 0;
    }
}
