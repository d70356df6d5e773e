using System.Text.Json;
using PostOffice.Compatibility.Tests.Harness.Mqtt;

namespace PostOffice.Compatibility.Tests.Mqtt;

/// <summary>
/// Users from a password file written by Debian's mosquitto_passwd (mqtt.passwordFile; Mosquitto's password_file),
/// checked by paho-mqtt clients (Scripts/mqtt/python/password_file.py) that present right and wrong passwords.
/// </summary>
[Trait("Category", "Compatibility")]
public sealed class PasswordFileTests(MqttPasswordFileFixture server) : IClassFixture<MqttPasswordFileFixture>
{
    public static TheoryData<int> Versions => new(311, 5);

    [Theory]
    [MemberData(nameof(Versions))]
    public async Task Connect_UsersHashedByMosquittoPasswd_RightPasswordsAreAcceptedAndOthersRefused(int version)
    {
        var run = await RunAsync(version, [["alice", "secret"], ["carol", "c-pass"], ["alice", "c-pass"], ["carol", "secret"], ["mallory", "secret"], null]);

        run.Verify(() =>
        {
            var codes = run.Texts("codes");
            Assert.Equal(["0", "0"], codes.Take(2));
            Assert.All(codes.Skip(2), code => Assert.NotEqual("0", code));
            if (!server.IsMosquitto)
            {
                // Wrong password or unknown user: 0x86 Bad User Name or Password (3.1.1: 4); no user name: 0x87 Not
                // authorized (3.1.1: 5). Mosquitto 2.0.11 answers 0x87 to all of them, which the spec also allows.
                Assert.Equal(version == 5 ? ["134", "134", "134", "135"] : ["4", "4", "4", "5"], codes.Skip(2));
            }
        });
    }

    [Fact]
    public async Task Connect_PlainTextLine_IsAcceptedAndNamedInAWarningAtStart()
    {
        server.RequirePostOffice("Mosquitto 2.0.11 drops a plain-text line at start (\"Invalid password hash type\")");
        var run = await RunAsync(5, [["dave", "plain-pass"], ["dave", "plain"]]);

        run.Verify(() =>
        {
            Assert.Equal(["0", "134"], run.Texts("codes"));
            Assert.Contains(
                $"MQTT password file {server.PasswordFile}, line {MqttPasswordFileFixture.PlainTextLine}: the password of user dave is in plain text",
                server.ServerOutput,
                StringComparison.Ordinal);
        });
    }

    private async Task<MqttRun> RunAsync(int version, string[]?[] credentials)
    {
        await server.EnsureRunningAsync();
        return (await MqttScriptRunner.RunAsync(
            MqttScript.Paho, "password_file", server, version, variables: new Dictionary<string, string> { ["CREDENTIALS"] = JsonSerializer.Serialize(credentials) })).AssertCompleted();
    }
}
