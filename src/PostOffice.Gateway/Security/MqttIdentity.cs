using System.Net;
using System.Security.Cryptography.X509Certificates;

namespace PostOffice.Gateway.Security;

/// <summary>What a client presented when it connected; the authenticator decides who that is.</summary>
public sealed record MqttConnectCredentials(
    string ClientId,
    string? UserName,
    ReadOnlyMemory<byte>? Password,
    X509Certificate2? ClientCertificate,
    EndPoint? RemoteEndPoint,
    string Transport);

/// <summary>The identity a connection acts as; <see cref="Anonymous"/> when it presented none.</summary>
public sealed record MqttIdentity(string Name, bool IsAnonymous)
{
    public static MqttIdentity Anonymous { get; } = new("anonymous", true);
}

/// <summary>Outcome of authentication: an identity, or the reason a CONNECT is refused.</summary>
public readonly record struct MqttAuthenticationResult(MqttIdentity? Identity, MqttAuthenticationFailure Failure)
{
    public static MqttAuthenticationResult Success(MqttIdentity identity) => new(identity, MqttAuthenticationFailure.None);

    public static MqttAuthenticationResult Fail(MqttAuthenticationFailure failure) => new(null, failure);
}

public enum MqttAuthenticationFailure
{
    None,

    /// <summary>CONNACK 0x86 (5.0) / 0x04 (3.1.1).</summary>
    BadUserNameOrPassword,

    /// <summary>CONNACK 0x87 (5.0) / 0x05 (3.1.1).</summary>
    NotAuthorized,
}

/// <summary>
/// Decides who a connecting client is (ARCH §6). The gateway calls it once per CONNECT; implementations for
/// certificates, JWTs and SigV4 plug in here.
/// </summary>
public interface IMqttAuthenticator
{
    ValueTask<MqttAuthenticationResult> AuthenticateAsync(MqttConnectCredentials credentials, CancellationToken cancellationToken);
}

/// <summary>Decides what an identity may do. Called for every PUBLISH and for every topic filter of a SUBSCRIBE.</summary>
public interface IMqttAuthorizer
{
    bool CanPublish(MqttIdentity identity, string clientId, string topic);

    bool CanSubscribe(MqttIdentity identity, string clientId, string topicFilter);
}

/// <summary>Lets every authenticated identity publish and subscribe anywhere: the policy until policies exist.</summary>
public sealed class AllowAllAuthorizer : IMqttAuthorizer
{
    public static AllowAllAuthorizer Instance { get; } = new();

    public bool CanPublish(MqttIdentity identity, string clientId, string topic) => true;

    public bool CanSubscribe(MqttIdentity identity, string clientId, string topicFilter) => true;
}
