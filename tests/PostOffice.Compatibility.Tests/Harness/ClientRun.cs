using System.Globalization;
using System.Text.Json;
using Xunit.Sdk;

namespace PostOffice.Compatibility.Tests.Harness;

/// <summary>
/// What one client script did: exit code, stdout (one JSON object keyed by step), stderr. The assertions read values
/// by path, <c>step.Member[index].Member</c>, and every failure names the client, the scenario and the step. Inside
/// <see cref="Verify"/> the checks do not stop at the first failure: all of them run and fail the test together.
/// </summary>
public sealed class ClientRun
{
    private const int StderrTailLines = 25;
    private JsonElement? _result;
    private List<string>? _failures;

    internal ClientRun(
        SqsClient client, string scenario, string queuePrefix, int exitCode, bool timedOut, TimeSpan timeout, TimeSpan elapsed, string stdout, string stderr)
    {
        Client = client;
        Scenario = scenario;
        QueuePrefix = queuePrefix;
        ExitCode = exitCode;
        TimedOut = timedOut;
        Timeout = timeout;
        Elapsed = elapsed;
        Stdout = stdout;
        Stderr = stderr;
    }

    public SqsClient Client { get; }

    public string Scenario { get; }

    public string QueuePrefix { get; }

    public int ExitCode { get; }

    public bool TimedOut { get; }

    public TimeSpan Timeout { get; }

    public TimeSpan Elapsed { get; }

    public string Stdout { get; }

    public string Stderr { get; }

    /// <summary>The last step the script announced on stderr ("step: NAME").</summary>
    public string LastStep => Stderr.Split('\n')
        .Where(line => line.StartsWith("step: ", StringComparison.Ordinal))
        .Select(line => line["step: ".Length..].Trim())
        .LastOrDefault() ?? "(before the first step)";

    /// <summary>Fails unless the script ran to its end; the message says which step stopped it and why.</summary>
    public ClientRun AssertCompleted()
    {
        if (TimedOut)
        {
            throw Failure(LastStep, $"the script timed out after {Timeout.TotalSeconds:F0} s");
        }

        var result = Result;
        if (ExitCode != 0)
        {
            var step = result.TryGetProperty("failedStep", out var failed) ? failed.GetString() ?? LastStep : LastStep;
            throw Failure(step, $"the script stopped with exit code {ExitCode}: the step had to succeed and did not");
        }

        return this;
    }

    /// <summary>
    /// Runs <paramref name="checks"/>, recording each failed check instead of stopping at it, then fails with all of
    /// them. A value that a later check needs (<see cref="At"/>, <see cref="Text"/>) still stops the checks when missing.
    /// </summary>
    public void Verify(Action checks)
    {
        _failures = [];
        try
        {
            checks();
        }
        catch (XunitException exception)
        {
            _failures.Add(exception.Message);
        }

        var failures = _failures;
        _failures = null;
        if (failures.Count > 0)
        {
            throw new XunitException($"{failures.Count} check(s) failed:\n\n{string.Join("\n\n", failures)}\n\n{StderrTail()}");
        }
    }

    /// <summary>The value at <paramref name="path"/>; fails if it is missing.</summary>
    public JsonElement At(string path) =>
        TryAt(path, out var value) ? value : throw Failure(StepOf(path), $"{path} is missing");

    public bool Has(string path) => TryAt(path, out _);

    /// <summary>The string at <paramref name="path"/>; fails if it is missing or not a string.</summary>
    public string Text(string path)
    {
        var value = At(path);
        return value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw Failure(StepOf(path), $"{path} should be a string, is {value.GetRawText()}");
    }

    /// <summary>The strings of the array at <paramref name="path"/>; a missing member counts as an empty list.</summary>
    public IReadOnlyList<string> Texts(string path) =>
        [.. Items(path).Select(item => item.ValueKind == JsonValueKind.String ? item.GetString()! : item.GetRawText())];

    /// <summary>The elements of the array at <paramref name="path"/>; a missing member counts as an empty list.</summary>
    public IReadOnlyList<JsonElement> Items(string path)
    {
        if (!TryAt(path, out var value))
        {
            return [];
        }

        return value.ValueKind == JsonValueKind.Array
            ? [.. value.EnumerateArray()]
            : throw Failure(StepOf(path), $"{path} should be an array, is {value.GetRawText()}");
    }

    public void Equal(string expected, string path)
    {
        if (!TryAt(path, out var value) || value.ValueKind != JsonValueKind.String)
        {
            Fail(StepOf(path), $"{path}: expected \"{expected}\", got {(value.ValueKind == JsonValueKind.Undefined ? "nothing" : value.GetRawText())}");
            return;
        }

        var actual = value.GetString();
        if (!string.Equals(expected, actual, StringComparison.Ordinal))
        {
            Fail(StepOf(path), $"{path}: expected \"{expected}\", got \"{actual}\"");
        }
    }

    public void Equal(long expected, string path)
    {
        if (!TryAt(path, out var value) || value.ValueKind != JsonValueKind.Number || value.GetInt64() != expected)
        {
            Fail(StepOf(path), $"{path}: expected {expected}, got {(value.ValueKind == JsonValueKind.Undefined ? "nothing" : value.GetRawText())}");
        }
    }

    /// <summary>
    /// The strings of the array at <paramref name="path"/>, or, with <paramref name="member"/>, that member of each
    /// of its elements, in this order. A missing array counts as empty.
    /// </summary>
    public void Equal(IEnumerable<string> expected, string path, string? member = null)
    {
        var actual = member is null ? Texts(path) : Values(path, member);
        if (!expected.SequenceEqual(actual, StringComparer.Ordinal))
        {
            var where = member is null ? path : $"{path}[*].{member}";
            Fail(StepOf(path), $"{where}: expected [{string.Join(", ", expected)}], got [{string.Join(", ", actual)}]");
        }
    }

    public void Equal(bool expected, string path)
    {
        var kind = expected ? JsonValueKind.True : JsonValueKind.False;
        if (!TryAt(path, out var value) || value.ValueKind != kind)
        {
            Fail(StepOf(path), $"{path}: expected the boolean {(expected ? "true" : "false")}, got {(value.ValueKind == JsonValueKind.Undefined ? "nothing" : value.GetRawText())}");
        }
    }

    /// <summary>A JSON object of strings with exactly these members (a tag or attribute map).</summary>
    public void Equal(IReadOnlyDictionary<string, string> expected, string path)
    {
        var actual = TryAt(path, out var value) && value.ValueKind == JsonValueKind.Object
            ? value.EnumerateObject().ToDictionary(member => member.Name, member => member.Value.ToString())
            : null;
        if (actual is null || actual.Count != expected.Count || expected.Any(pair => !actual.TryGetValue(pair.Key, out var item) || item != pair.Value))
        {
            var wanted = string.Join(", ", expected.OrderBy(pair => pair.Key, StringComparer.Ordinal).Select(pair => $"{pair.Key}={pair.Value}"));
            Fail(StepOf(path), $"{path}: expected {{{wanted}}}, got {(value.ValueKind == JsonValueKind.Undefined ? "nothing" : value.GetRawText())}");
        }
    }

    /// <summary>The string member <paramref name="member"/> of each element of the array at <paramref name="path"/>.</summary>
    public IReadOnlyList<string> Values(string path, string member) =>
        [.. Items(path).Select(item => item.TryGetProperty(member, out var value) ? value.ToString() : "(missing)")];

    /// <summary>As <see cref="Equal(IEnumerable{string}, string, string?)"/>, in any order (for lists whose order SQS does not define).</summary>
    public void EquivalentTo(IEnumerable<string> expected, string path, string? member = null)
    {
        var wanted = expected.Order(StringComparer.Ordinal).ToList();
        var actual = (member is null ? Texts(path) : Values(path, member)).Order(StringComparer.Ordinal).ToList();
        if (!wanted.SequenceEqual(actual, StringComparer.Ordinal))
        {
            var where = member is null ? path : $"{path}[*].{member}";
            Fail(StepOf(path), $"{where}: expected, in any order, [{string.Join(", ", wanted)}], got [{string.Join(", ", actual)}]");
        }
    }

    public void Missing(string path)
    {
        if (TryAt(path, out var value))
        {
            Fail(StepOf(path), $"{path} should be absent, is {value.GetRawText()}");
        }
    }

    /// <summary>A custom check on one value; <paramref name="what"/> says what was expected.</summary>
    public void Check(bool condition, string path, string what)
    {
        if (!condition)
        {
            var actual = TryAt(path, out var value) ? value.GetRawText() : "(missing)";
            Fail(StepOf(path), $"{path}: expected {what}, got {actual}");
        }
    }

    /// <summary>
    /// The step failed with <paramref name="expected"/> as this client surfaces it (see
    /// <see cref="SqsClients.SurfacedCode"/>), with its HTTP status where the client reports one.
    /// </summary>
    public void Error(SqsError expected, string step)
    {
        if (!TryAt($"{step}.error", out _))
        {
            Fail(step, $"expected the error {Client.SurfacedCode(expected)}, but the call succeeded");
            return;
        }

        Equal(Client.SurfacedCode(expected), $"{step}.error.code");
        if (Client == SqsClient.NodeSdkV3)
        {
            // From the x-amzn-query-error header, which AWS sends on every JSON-protocol error.
            Equal(expected.QueryCode, $"{step}.error.queryCode");
        }

        if (Client.ReportsHttpStatus())
        {
            Equal(expected.HttpStatus, $"{step}.error.httpStatus");
        }
    }

    /// <summary>
    /// A failure naming the client, the scenario and the step, with what the step recorded and, outside
    /// <see cref="Verify"/> (which adds it once for all its failures), the script's stderr.
    /// </summary>
    public XunitException Failure(string step, string what) =>
        new(_failures is null ? $"{Describe(step, what)}\n{StderrTail()}" : Describe(step, what));

    /// <summary>Records the failure inside <see cref="Verify"/>; throws it outside.</summary>
    private void Fail(string step, string what)
    {
        if (_failures is null)
        {
            throw Failure(step, what);
        }

        _failures.Add(Describe(step, what));
    }

    private string Describe(string step, string what)
    {
        var recorded = TryParse(out var result) && result.TryGetProperty(step, out var value) ? value.GetRawText() : "(nothing)";
        var stdout = TryParse(out _) ? string.Empty : $"\n  stdout:\n{Stdout}";
        return $"[{Client}: {Client.DisplayName()}] scenario {Scenario}, step '{step}': {what}\n  recorded for the step: {recorded}{stdout}";
    }

    private string StderrTail() =>
        $"stderr of the {Client} script (last {StderrTailLines} lines):\n{string.Join('\n', Stderr.TrimEnd().Split('\n').TakeLast(StderrTailLines))}";

    private JsonElement Result
    {
        get
        {
            if (!TryParse(out var result))
            {
                throw Failure(LastStep, $"the script (exit code {ExitCode}) did not print a JSON object");
            }

            return result;
        }
    }

    private bool TryParse(out JsonElement result)
    {
        if (_result is null)
        {
            try
            {
                using var document = JsonDocument.Parse(Stdout);
                if (document.RootElement.ValueKind == JsonValueKind.Object)
                {
                    _result = document.RootElement.Clone();
                }
            }
            catch (JsonException)
            {
                // Reported by Result.
            }
        }

        result = _result ?? default;
        return _result is not null;
    }

    private bool TryAt(string path, out JsonElement value)
    {
        var current = Result;
        foreach (var segment in Segments(path))
        {
            if (segment is int index)
            {
                if (current.ValueKind != JsonValueKind.Array || index >= current.GetArrayLength())
                {
                    value = default;
                    return false;
                }

                current = current[index];
            }
            else if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty((string)segment, out current))
            {
                value = default;
                return false;
            }
        }

        value = current;
        return true;
    }

    private static string StepOf(string path) => path.Split('.', '[')[0];

    /// <summary>"a.b[0].c" as "a", "b", 0, "c".</summary>
    private static IEnumerable<object> Segments(string path)
    {
        foreach (var part in path.Split('.'))
        {
            var open = part.IndexOf('[', StringComparison.Ordinal);
            yield return open < 0 ? part : part[..open];
            while (open >= 0)
            {
                var close = part.IndexOf(']', open);
                yield return int.Parse(part[(open + 1)..close], CultureInfo.InvariantCulture);
                open = part.IndexOf('[', close);
            }
        }
    }
}
