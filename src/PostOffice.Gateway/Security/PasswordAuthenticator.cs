using System.Security.Cryptography;
using System.Text;

namespace PostOffice.Gateway.Security;

/// <summary>
/// User names and passwords from the configuration, plus anonymous access when allowed. A client that presents a
/// user name must match an entry; one that presents none is anonymous.
/// </summary>
public sealed class PasswordAuthenticator : IMqttAuthenticator
{
    private readonly Dictionary<string, byte[]> _users;
    private readonly bool _allowAnonymous;

    public PasswordAuthenticator(IReadOnlyDictionary<string, string> users, bool allowAnonymous)
    {
        ArgumentNullException.ThrowIfNull(users);
        _users = users.ToDictionary(pair => pair.Key, pair => Encoding.UTF8.GetBytes(pair.Value), StringComparer.Ordinal);
        _allowAnonymous = allowAnonymous;
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
        if (_users.TryGetValue(credentials.UserName, out var expected) && CryptographicOperations.FixedTimeEquals(expected, presented))
        {
            return ValueTask.FromResult(MqttAuthenticationResult.Success(new MqttIdentity(credentials.UserName, false)));
        }

        return ValueTask.FromResult(MqttAuthenticationResult.Fail(MqttAuthenticationFailure.BadUserNameOrPassword));
    }
}
