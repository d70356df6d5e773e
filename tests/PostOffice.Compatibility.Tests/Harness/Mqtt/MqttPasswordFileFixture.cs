using System.Diagnostics;

namespace PostOffice.Compatibility.Tests.Harness.Mqtt;

/// <summary>
/// An MQTT server (see <see cref="MqttServerFixture"/>) that refuses anonymous clients and takes its users from a
/// password file written by Debian's <c>mosquitto_passwd</c> (from the mosquitto package): alice (PBKDF2-SHA512, the
/// tool's default), carol (<c>-H sha512</c>, Mosquitto 1.6's format) and dave, a plain-text line added by hand.
/// </summary>
public sealed class MqttPasswordFileFixture : MqttServerFixture
{
    public const string MosquittoPasswd = "/usr/bin/mosquitto_passwd";

    public MqttPasswordFileFixture()
        : base(passwordFile: true)
    {
    }

    /// <summary>The line of the password file that holds dave's plain-text password.</summary>
    public const int PlainTextLine = 3;

    protected override async Task PrepareAsync()
    {
        if (!File.Exists(MosquittoPasswd))
        {
            throw new FileNotFoundException("Debian's mosquitto_passwd is not installed (it comes with the mosquitto package)", MosquittoPasswd);
        }

        await RunAsync("-c", "-b", PasswordFile!, "alice", "secret");
        await RunAsync("-H", "sha512", "-b", PasswordFile!, "carol", "c-pass");
        await File.AppendAllTextAsync(PasswordFile!, "dave:plain-pass\n");
    }

    private static async Task RunAsync(params string[] arguments)
    {
        var startInfo = new ProcessStartInfo(MosquittoPasswd) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var process = Process.Start(startInfo)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"mosquitto_passwd {string.Join(' ', arguments)} exited with {process.ExitCode}: {await output}{await error}");
        }
    }
}
