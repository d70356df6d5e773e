using PostOffice.Server.CommandLine;
using PostOffice.Server.Configuration;

namespace PostOffice.Server.Tests.CommandLine;

public sealed class PostOfficeCommandLineTests
{
    private readonly StringWriter _output = new();
    private readonly StringWriter _error = new();
    private ServeRequest? _served;

    [Fact]
    public async Task Invoke_NoVerb_RunsServeWithTheOptions()
    {
        var exitCode = await InvokeAsync("--http-port", "5000", "--data-dir", "/tmp/po");

        Assert.Equal(ExitCodes.Success, exitCode);
        Assert.NotNull(_served);
        Assert.Null(_served.ConfigPath);
        Assert.Equal(
            [new CommandLineValue("--data-dir", "dataDir", "/tmp/po"), new CommandLineValue("--http-port", "http.port", "5000")],
            _served.Values);
    }

    [Fact]
    public async Task Invoke_ServeVerb_PassesConfigPathAndEveryOption()
    {
        var exitCode = await InvokeAsync(
            "serve", "--config", "po.yaml", "--data-dir", "d", "--bind", "0.0.0.0", "--http-port", "1", "--log-level", "debug");

        Assert.Equal(ExitCodes.Success, exitCode);
        Assert.NotNull(_served);
        Assert.Equal("po.yaml", _served.ConfigPath);
        Assert.Equal(["dataDir", "http.bind", "http.port", "logging.level"], _served.Values.Select(value => value.Key));
    }

    [Fact]
    public async Task Invoke_OptionsOmitted_OverrideNothing()
    {
        await InvokeAsync("serve");

        Assert.NotNull(_served);
        Assert.Empty(_served.Values);
    }

    [Fact]
    public async Task Invoke_UnknownOption_ExitsWithUsageErrorOnStderr()
    {
        var exitCode = await InvokeAsync("serve", "--htp-port", "5000");

        Assert.Equal(ExitCodes.ConfigurationError, exitCode);
        Assert.Null(_served);
        Assert.Contains("--htp-port", _error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invoke_Version_PrintsVersionWithoutServing()
    {
        var exitCode = await InvokeAsync("version");

        Assert.Equal(ExitCodes.Success, exitCode);
        Assert.Null(_served);
        Assert.StartsWith("postoffice ", _output.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("serve", "--help")]
    public async Task Invoke_Help_ListsServeOptions(params string[] args)
    {
        var exitCode = await InvokeAsync(args);

        Assert.Equal(ExitCodes.Success, exitCode);
        Assert.Null(_served);
        foreach (var option in (string[])["--config", "--data-dir", "--bind", "--http-port", "--log-level"])
        {
            Assert.Contains(option, _output.ToString(), StringComparison.Ordinal);
        }
    }

    private Task<int> InvokeAsync(params string[] args) =>
        PostOfficeCommandLine.InvokeAsync(
            args,
            (request, _) =>
            {
                _served = request;
                return Task.FromResult(ExitCodes.Success);
            },
            _output,
            _error);
}
