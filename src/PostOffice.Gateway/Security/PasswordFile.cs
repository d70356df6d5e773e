namespace PostOffice.Gateway.Security;

/// <summary>
/// The users of a password file in Mosquitto's format: one <c>user:password</c> line each, the password hashed by
/// <c>mosquitto_passwd</c> (see <see cref="StoredPassword"/>) or in plain text; blank lines and lines starting with
/// <c>#</c> are skipped. A later line for the same user replaces an earlier one.
/// </summary>
public sealed class PasswordFile
{
    private PasswordFile(Dictionary<string, StoredPassword> users, IReadOnlyList<(int Line, string UserName)> plainTextLines)
    {
        Users = users;
        PlainTextLines = plainTextLines;
    }

    /// <summary>No users.</summary>
    public static PasswordFile Empty { get; } = new(new Dictionary<string, StoredPassword>(StringComparer.Ordinal), []);

    public IReadOnlyDictionary<string, StoredPassword> Users { get; }

    /// <summary>The lines (1-based) whose password is plain text, for a warning at start.</summary>
    public IReadOnlyList<(int Line, string UserName)> PlainTextLines { get; }

    /// <exception cref="InvalidDataException">A line is malformed; the message names the file and the line.</exception>
    public static PasswordFile Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return Parse(File.ReadLines(path), path);
    }

    /// <param name="origin">Names the file in error messages.</param>
    /// <exception cref="InvalidDataException">A line is malformed; the message names <paramref name="origin"/> and the line.</exception>
    public static PasswordFile Parse(IEnumerable<string> lines, string origin)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var users = new Dictionary<string, StoredPassword>(StringComparer.Ordinal);
        var plainText = new List<(int Line, string UserName)>();
        var number = 0;
        foreach (var line in lines)
        {
            number++;
            var text = line.TrimEnd('\r');
            if (text.Length == 0 || text.StartsWith('#'))
            {
                continue;
            }

            // A user name cannot contain ':' (mosquitto_passwd refuses one), so the first colon ends it.
            var colon = text.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                throw new InvalidDataException($"{origin}, line {number}: expected user:password");
            }

            var userName = text[..colon];
            if (!StoredPassword.TryParse(text[(colon + 1)..], out var password, out var problem))
            {
                throw new InvalidDataException($"{origin}, line {number}: the password of {userName} is not a mosquitto_passwd hash: {problem}");
            }

            users[userName] = password;
            plainText.RemoveAll(entry => string.Equals(entry.UserName, userName, StringComparison.Ordinal));
            if (password.IsPlainText)
            {
                plainText.Add((number, userName));
            }
        }

        return new PasswordFile(users, plainText);
    }
}
