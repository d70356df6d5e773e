namespace PostOffice.Gateway.Security;

/// <summary>
/// User names and passwords from the configuration (a <see cref="PasswordFile"/>), plus anonymous access when
/// allowed. A client that presents a user name must match an entry; one that presents none is anonymous.
/// </summary>
public sealed class PasswordAuthenticator : IMqttAuthenticator
{
    // Checked when the user name is unknown, so that a refusal takes about as long as for a wrong password (PBKDF2 with
    // mosquitto_passwd's 101 iterations): timing does not tell which user names exist.
    private static readonly StoredPassword UnknownUser = StoredPassword.TryParse(
        "$7$101$" + Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(12)) + "$" + Convert.ToBase64String(new byte[64]),
        out var password,
        out _) ? password : throw new InvalidOperationException("The placeholder password does not parse.");

    private readonly Dictionary<string, StoredPassword> _users;
    private readonly bool _allowAnonymous;

    public PasswordAuthenticator(IReadOnlyDictionary<string, StoredPassword> users, bool allowAnonymous)
    {
        ArgumentNullException.ThrowIfNull(users);
        _users = new Dictionary<string, StoredPassword>(users, StringComparer.Ordinal);
        _allowAnonymous = allowAnonymous;
    }

    /// <summary>Users with plain-text passwords (tests, embedding).</summary>
    public PasswordAuthenticator(IReadOnlyDictionary<string, string> users, bool allowAnonymous)
        : this(PlainText(users), allowAnonymous)
    {
    }

    public ValueTask<MqttAuthenticationResult> AuthenticateAsync(MqttConnectCredentials credentials, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        if (credentials.UserName is null)
        {
            return ValueTask.FromResult(_allowAnonymous
                ? MqttAuthenticationResult.Success(MqttIdentity.Anonymous)
                : MqttAuthenticationResult.Fail(MqttAuthenticationFailure.NotAuthorized));
        }

        var presented = credentials.Password is { } password ? password.Span : [];
        var known = _users.TryGetValue(credentials.UserName, out var expected);
        if ((expected ?? UnknownUser).Verify(presented) && known)
        {
            return ValueTask.FromResult(MqttAuthenticationResult.Success(new MqttIdentity(credentials.UserName, false)));
        }

        return ValueTask.FromResult(MqttAuthenticationResult.Fail(MqttAuthenticationFailure.BadUserNameOrPassword));
    }

    private static Dictionary<string, StoredPassword> PlainText(IReadOnlyDictionary<string, string> users)
    {
        ArgumentNullException.ThrowIfNull(users);
        return users.ToDictionary(pair => pair.Key, pair => StoredPassword.PlainText(pair.Value), StringComparer.Ordinal);
    }
}
