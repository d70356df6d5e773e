using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace PostOffice.Gateway.Security;

/// <summary>
/// A user's password as a password file keeps it: Mosquitto's <c>mosquitto_passwd</c> hashes, or plain text.
/// Verifying takes the same time whichever byte of the password is wrong.
/// </summary>
/// <remarks>
/// The forms, as <c>mosquitto_passwd</c> writes them after <c>user:</c> (salt and hash in standard base64):
/// <list type="bullet">
/// <item><c>$7$ITERATIONS$SALT$HASH</c>: PBKDF2-HMAC-SHA512 of the password with the salt (its default since 2.0).</item>
/// <item><c>$6$SALT$HASH</c>: SHA-512 of the password followed by the salt (Mosquitto 1.6 and earlier).</item>
/// <item>anything else: the password itself.</item>
/// </list>
/// </remarks>
public sealed class StoredPassword
{
    private const int Sha512Length = 64;

    private readonly PasswordScheme _scheme;
    private readonly byte[] _salt;
    private readonly byte[] _hash;
    private readonly int _iterations;

    private StoredPassword(PasswordScheme scheme, byte[] salt, byte[] hash, int iterations)
    {
        _scheme = scheme;
        _salt = salt;
        _hash = hash;
        _iterations = iterations;
    }

    private enum PasswordScheme
    {
        PlainText,
        Sha512,
        Pbkdf2Sha512,
    }

    /// <summary>True when the file holds the password itself rather than a hash of it.</summary>
    public bool IsPlainText => _scheme == PasswordScheme.PlainText;

    /// <summary>A password kept as plain text; only its SHA-512 is held, so comparing reveals nothing of its length.</summary>
    public static StoredPassword PlainText(string password)
    {
        ArgumentNullException.ThrowIfNull(password);
        return new StoredPassword(PasswordScheme.PlainText, [], SHA512.HashData(Encoding.UTF8.GetBytes(password)), 0);
    }

    /// <summary>
    /// Reads what follows <c>user:</c> in a password file. Text starting with <c>$6$</c> or <c>$7$</c> must be a
    /// well-formed hash (<paramref name="problem"/> says what is wrong); any other text is a plain password.
    /// </summary>
    public static bool TryParse(string text, [NotNullWhen(true)] out StoredPassword? password, [NotNullWhen(false)] out string? problem)
    {
        ArgumentNullException.ThrowIfNull(text);
        password = null;
        if (!text.StartsWith("$6$", StringComparison.Ordinal) && !text.StartsWith("$7$", StringComparison.Ordinal))
        {
            password = PlainText(text);
            problem = null;
            return true;
        }

        var parts = text.Split('$');
        var pbkdf2 = parts[1] == "7";
        if (parts.Length != (pbkdf2 ? 5 : 4))
        {
            problem = pbkdf2 ? "expected $7$ITERATIONS$SALT$HASH" : "expected $6$SALT$HASH";
            return false;
        }

        var iterations = 0;
        if (pbkdf2 && (!int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out iterations) || iterations < 1))
        {
            problem = $"the iteration count '{parts[2]}' is not a positive number";
            return false;
        }

        var salt = Base64(parts[^2]);
        var hash = Base64(parts[^1]);
        if (salt is not { Length: > 0 } || hash is not { Length: Sha512Length })
        {
            problem = $"the salt must be non-empty base64 and the hash {Sha512Length} bytes of base64";
            return false;
        }

        password = new StoredPassword(pbkdf2 ? PasswordScheme.Pbkdf2Sha512 : PasswordScheme.Sha512, salt, hash, iterations);
        problem = null;
        return true;
    }

    /// <summary>True when <paramref name="presented"/> (the CONNECT Password field) is this password.</summary>
    public bool Verify(ReadOnlySpan<byte> presented)
    {
        Span<byte> computed = stackalloc byte[Sha512Length];
        switch (_scheme)
        {
            case PasswordScheme.Pbkdf2Sha512:
                Rfc2898DeriveBytes.Pbkdf2(presented, _salt, computed, _iterations, HashAlgorithmName.SHA512);
                break;
            case PasswordScheme.Sha512:
                using (var sha512 = IncrementalHash.CreateHash(HashAlgorithmName.SHA512))
                {
                    sha512.AppendData(presented);
                    sha512.AppendData(_salt);
                    sha512.GetHashAndReset(computed);
                }

                break;
            default:
                SHA512.HashData(presented, computed);
                break;
        }

        return CryptographicOperations.FixedTimeEquals(computed, _hash);
    }

    private static byte[]? Base64(string text)
    {
        var bytes = new byte[(text.Length * 3 / 4) + 3];
        return Convert.TryFromBase64String(text, bytes, out var written) ? bytes[..written] : null;
    }
}
