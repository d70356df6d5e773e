using System.Text;
using PostOffice.Gateway.Security;

namespace PostOffice.Gateway.Tests.Security;

/// <summary>Password files in Mosquitto's format; the hashed lines were written by Debian's mosquitto_passwd 2.0.11.</summary>
public sealed class PasswordFileTests
{
    // mosquitto_passwd -c -b FILE alice secret; mosquitto_passwd -b FILE bob 'p@ss:word' (PBKDF2-HMAC-SHA512, 101 iterations)
    private const string Alice = "alice:$7$101$54TRwuIdFkPWFi2f$LDq1DXKle+/felOX5yVqMAv/K4gN9jElIB39b5UfD7GO8OhcYauz9Aqs5ELPJvkt9lPtzbCJvFJd49ow5QjTtQ==";
    private const string Bob = "bob:$7$101$FOSzvBL8GKIbOMeF$uItre8Y0+5WpX2hL8ezomgD7r8rBOjFYP8POTf7P3PM/sD9RhLx97NNeDIlDdyAmNPr5cC9fvODnEpoFDIiRoA==";

    // mosquitto_passwd -H sha512 -b FILE carol c (SHA-512 of the password and salt, Mosquitto 1.6's format)
    private const string Carol = "carol:$6$idSNjJ+0OBsKOS0R$GLT1zlo6JkTQJ6f/JsrIl+P6rH3Ob5g/8oVFFNZRX/i8R47Pe+DKcAtoOO93qD93ZBtISzGe1Q6eecWB4pkYvQ==";

    [Theory]
    [InlineData("alice", "secret")]
    [InlineData("bob", "p@ss:word")]
    [InlineData("carol", "c")]
    public void Parse_MosquittoPasswdLines_EachVerifiesItsPasswordOnly(string user, string right)
    {
        var file = PasswordFile.Parse([Alice, Bob, Carol], "passwd");
        var password = file.Users[user];

        Assert.False(password.IsPlainText);
        Assert.True(password.Verify(Encoding.UTF8.GetBytes(right)));
        Assert.False(password.Verify(Encoding.UTF8.GetBytes(right + "x")));
        Assert.False(password.Verify(Encoding.UTF8.GetBytes(right[..^1])));
        Assert.False(password.Verify([]));
        Assert.Empty(file.PlainTextLines);
    }

    [Fact]
    public void Parse_PlainTextLine_IsAcceptedAndReportedWithItsLineNumber()
    {
        var file = PasswordFile.Parse(["# users", string.Empty, "dave:plain $6$ text\r", Alice], "passwd");

        Assert.Equal([(3, "dave")], file.PlainTextLines);
        Assert.True(file.Users["dave"].IsPlainText);
        Assert.True(file.Users["dave"].Verify("plain $6$ text"u8));
        Assert.False(file.Users["dave"].Verify("plain"u8));
        Assert.Equal(["alice", "dave"], file.Users.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Parse_SameUserTwice_TheLaterLineWins()
    {
        var file = PasswordFile.Parse(["alice:old", Alice], "passwd");

        Assert.True(file.Users["alice"].Verify("secret"u8));
        Assert.Empty(file.PlainTextLines);
    }

    [Theory]
    [InlineData("x:$7$many$54TRwuIdFkPWFi2f$AAAA", "iteration count")]
    [InlineData("x:$7$0$54TRwuIdFkPWFi2f$AAAA", "iteration count")]
    [InlineData("x:$7$101$54TRwuIdFkPWFi2f$not*base64", "base64")]
    [InlineData("x:$7$101$54TRwuIdFkPWFi2f$AAAA", "64 bytes")]
    [InlineData("x:$6$54TRwuIdFkPWFi2f", "$6$SALT$HASH")]
    [InlineData("x:$7$101$hash", "$7$ITERATIONS$SALT$HASH")]
    [InlineData("no colon", "expected user:password")]
    [InlineData(":no user", "expected user:password")]
    public void Parse_MalformedLine_FailsNamingTheFileAndTheLine(string line, string problem)
    {
        var exception = Assert.Throws<InvalidDataException>(() => PasswordFile.Parse([Alice, line], "/etc/postoffice/passwd"));

        Assert.StartsWith("/etc/postoffice/passwd, line 2: ", exception.Message, StringComparison.Ordinal);
        Assert.Contains(problem, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Authenticate_HashedUsers_RightPasswordSucceedsWrongPasswordAndUnknownUserAreRefused()
    {
        var authenticator = new PasswordAuthenticator(PasswordFile.Parse([Alice, Carol], "passwd").Users, allowAnonymous: false);

        Assert.Equal("alice", (await AuthenticateAsync(authenticator, "alice", "secret")).Identity?.Name);
        Assert.Equal("carol", (await AuthenticateAsync(authenticator, "carol", "c")).Identity?.Name);
        Assert.Equal(MqttAuthenticationFailure.BadUserNameOrPassword, (await AuthenticateAsync(authenticator, "alice", "c")).Failure);
        Assert.Equal(MqttAuthenticationFailure.BadUserNameOrPassword, (await AuthenticateAsync(authenticator, "mallory", "secret")).Failure);
        Assert.Equal(MqttAuthenticationFailure.BadUserNameOrPassword, (await AuthenticateAsync(authenticator, "alice", null)).Failure);
        Assert.Equal(MqttAuthenticationFailure.NotAuthorized, (await AuthenticateAsync(authenticator, null, null)).Failure);
    }

    private static ValueTask<MqttAuthenticationResult> AuthenticateAsync(PasswordAuthenticator authenticator, string? user, string? password) =>
        authenticator.AuthenticateAsync(
            new MqttConnectCredentials("client", user, password is null ? null : Encoding.UTF8.GetBytes(password), null, null, "test"),
            TestContext.Current.CancellationToken);
}
