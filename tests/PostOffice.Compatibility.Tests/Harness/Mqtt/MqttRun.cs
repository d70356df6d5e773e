using System.Globalization;
using System.Text.Json;
using Xunit.Sdk;

namespace PostOffice.Compatibility.Tests.Harness.Mqtt;

/// <summary>
/// What one MQTT scenario script did: its exit code, the JSON object it printed on stdout and its stderr (the
/// "step: NAME" lines). Values are read by path (<c>received[0].payload</c>); <see cref="Verify"/> runs a test's
/// assertions and, when one fails, adds the script's output and the last lines of the server's.
/// </summary>
public sealed class MqttRun
{
    private const int TailLines = 30;
    private readonly string _serverOutput;
    private JsonElement? _result;

    internal MqttRun(MqttScript client, string scenario, int exitCode, bool timedOut, string stdout, string stderr, string serverOutput)
    {
        Client = client;
        Scenario = scenario;
        ExitCode = exitCode;
        TimedOut = timedOut;
        Stdout = stdout;
        Stderr = stderr;
        _serverOutput = serverOutput;
    }

    public MqttScript Client { get; }

    public string Scenario { get; }

    public int ExitCode { get; }

    public bool TimedOut { get; }

    public string Stdout { get; }

    public string Stderr { get; }

    /// <summary>The last step the script announced on stderr.</summary>
    public string LastStep => Stderr.Split('\n')
        .Where(line => line.StartsWith("step: ", StringComparison.Ordinal))
        .Select(line => line["step: ".Length..].Trim())
        .LastOrDefault() ?? "(before the first step)";

    /// <summary>Fails unless the script ran to its end; the message names the step that stopped it and why.</summary>
    public MqttRun AssertCompleted()
    {
        if (TimedOut)
        {
            throw Failure($"timed out in step {LastStep}");
        }

        if (ExitCode != 0)
        {
            var error = TryResult(out var result) && result.TryGetProperty("error", out var message) ? message.ToString() : "(no error reported)";
            throw Failure($"exited with {ExitCode} in step {LastStep}: {error}");
        }

        _ = Result;
        return this;
    }

    /// <summary>Runs <paramref name="checks"/>; a failed assertion is reported with the script's and server's output.</summary>
    public void Verify(Action checks)
    {
        try
        {
            checks();
        }
        catch (XunitException exception)
        {
            throw Failure(exception.Message);
        }
    }

    public JsonElement Result => TryResult(out var result) ? result : throw Failure("did not print a JSON object on stdout");

    public JsonElement At(string path) => TryAt(path, out var value) ? value : throw Failure($"{path} is missing");

    public bool Has(string path) => TryAt(path, out _);

    public string Text(string path) => At(path).ToString();

    public long Number(string path) => At(path).GetInt64();

    public IReadOnlyList<JsonElement> Items(string path) =>
        TryAt(path, out var value) && value.ValueKind == JsonValueKind.Array ? [.. value.EnumerateArray()] : [];

    /// <summary>Each element of the array at <paramref name="path"/> as text (or its member <paramref name="member"/>).</summary>
    public IReadOnlyList<string> Texts(string path, string? member = null) =>
        [.. Items(path).Select(item => member is null ? item.ToString() : item.TryGetProperty(member, out var value) ? value.ToString() : "(missing)")];

    private XunitException Failure(string message)
    {
        var stderr = string.Join('\n', Stderr.Split('\n').TakeLast(TailLines));
        var server = string.Join('\n', _serverOutput.Split('\n').TakeLast(TailLines));
        return new XunitException(
            $"{Client} {Scenario}: {message}\n--- stdout ---\n{Stdout}\n--- stderr (tail) ---\n{stderr}\n--- server output (tail) ---\n{server}");
    }

    private bool TryResult(out JsonElement result)
    {
        if (_result is null)
        {
            // The paho and node scripts print one line; jq in the shell scripts prints an indented object.
            var lastLine = Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? string.Empty;
            _result = Parse(Stdout) ?? Parse(lastLine);
        }

        result = _result ?? default;
        return _result is not null;
    }

    private static JsonElement? Parse(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.ValueKind == JsonValueKind.Object ? document.RootElement.Clone() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private bool TryAt(string path, out JsonElement value)
    {
        value = default;
        if (!TryResult(out var current))
        {
            return false;
        }

        foreach (var part in path.Split('.'))
        {
            var open = part.IndexOf('[', StringComparison.Ordinal);
            var name = open < 0 ? part : part[..open];
            if (name.Length > 0 && (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(name, out current)))
            {
                return false;
            }

            while (open >= 0)
            {
                var close = part.IndexOf(']', open);
                var index = int.Parse(part[(open + 1)..close], CultureInfo.InvariantCulture);
                if (current.ValueKind != JsonValueKind.Array || index >= current.GetArrayLength())
                {
                    return false;
                }

                current = current[index];
                open = part.IndexOf('[', close);
            }
        }

        value = current;
        return true;
    }
}
