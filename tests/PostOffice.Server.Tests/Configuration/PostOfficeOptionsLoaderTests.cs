using System.Net;
using Microsoft.Extensions.Logging;
using PostOffice.Server.Configuration;

namespace PostOffice.Server.Tests.Configuration;

public sealed class PostOfficeOptionsLoaderTests
{
    private const string FileName = "postoffice.yaml";

    private static readonly Dictionary<string, string> NoEnvironment = [];

    [Fact]
    public void Load_NoSources_UsesDocumentedDefaults()
    {
        var options = PostOfficeOptionsLoader.Load(null, NoEnvironment, []);

        Assert.Equal("./data", options.DataDirectory);
        Assert.Equal(TimeSpan.FromSeconds(10), options.ShutdownTimeout);
        Assert.Equal(IPAddress.Loopback, options.Http.Bind.Address);
        Assert.Equal(4566, options.Http.Port);
        Assert.Equal(1883, options.Mqtt.Port);
        Assert.Equal(8883, options.Mqtt.TlsPort);
        Assert.Equal(64L * 1024 * 1024, options.Storage.SegmentSize);
        Assert.Equal(TimeSpan.FromMinutes(5), options.Storage.SnapshotInterval);
        Assert.Equal(LogLevel.Information, options.Logging.Level);
    }

    [Fact]
    public void Load_EmptyYaml_UsesDefaults()
    {
        var options = Load("# nothing set yet\n");

        Assert.Equal(4566, options.Http.Port);
    }

    [Fact]
    public void Load_YamlWithEveryKey_AppliesEachValue()
    {
        var options = Load("""
            dataDir: /var/lib/postoffice
            shutdownTimeout: 30s
            http:
              bind: 0.0.0.0
              port: 8080
            mqtt:
              port: 11883
              tlsPort: 18883
            storage:
              segmentSize: 16MiB
              snapshotInterval: 90s
            logging:
              level: debug
            """);

        Assert.Equal("/var/lib/postoffice", options.DataDirectory);
        Assert.Equal(TimeSpan.FromSeconds(30), options.ShutdownTimeout);
        Assert.Equal(IPAddress.Any, options.Http.Bind.Address);
        Assert.Equal(8080, options.Http.Port);
        Assert.Equal(11883, options.Mqtt.Port);
        Assert.Equal(18883, options.Mqtt.TlsPort);
        Assert.Equal(16L * 1024 * 1024, options.Storage.SegmentSize);
        Assert.Equal(TimeSpan.FromSeconds(90), options.Storage.SnapshotInterval);
        Assert.Equal(LogLevel.Debug, options.Logging.Level);
    }

    [Fact]
    public void Load_BindLocalhost_MeansBothLoopbacks()
    {
        var options = Load("http:\n  bind: localhost\n");

        Assert.True(options.Http.Bind.IsLocalhost);
    }

    [Fact]
    public void Load_EnvironmentVariable_OverridesYaml()
    {
        var options = Load(
            "dataDir: /from/yaml\nhttp:\n  port: 8080\n",
            new() { ["POSTOFFICE_HTTP__PORT"] = "5000", ["POSTOFFICE_DATADIR"] = "/from/env" });

        Assert.Equal(5000, options.Http.Port);
        Assert.Equal("/from/env", options.DataDirectory);
    }

    [Fact]
    public void Load_CommandLineOption_OverridesEnvironment()
    {
        var options = Load(
            "http:\n  port: 8080\n",
            new() { ["POSTOFFICE_HTTP__PORT"] = "5000" },
            new CommandLineValue("--http-port", "http.port", "6000"));

        Assert.Equal(6000, options.Http.Port);
    }

    [Fact]
    public void Load_UnrelatedEnvironmentVariables_AreIgnored()
    {
        var options = Load(null, new() { ["PATH"] = "/usr/bin", ["POSTOFFICEX"] = "1" });

        Assert.Equal(4566, options.Http.Port);
    }

    [Fact]
    public void Load_UnknownTopLevelKey_NamesKeyLineAndSuggestion()
    {
        var error = LoadError("dataDir: /tmp\n\nhtp:\n  port: 5000\n");

        Assert.Equal("postoffice.yaml:3: htp: unknown key (did you mean \"http\"?)", error);
    }

    [Fact]
    public void Load_UnknownNestedKey_NamesFullKeyAndLine()
    {
        var error = LoadError("http:\n  bind: 127.0.0.1\n  prot: 5000\n");

        Assert.Equal("postoffice.yaml:3: http.prot: unknown key (did you mean \"http.port\"?)", error);
    }

    [Fact]
    public void Load_LeafKeyOutsideItsSection_SuggestsTheSections()
    {
        var error = LoadError("port: 5000\n");

        Assert.Equal("postoffice.yaml:1: port: unknown key (did you mean \"http.port\" or \"mqtt.port\"?)", error);
    }

    [Fact]
    public void Load_BadYamlValue_NamesKeyLineAndExpectation()
    {
        var error = LoadError("""
            # PostOffice settings

            dataDir: ./data
            http:
              bind: 127.0.0.1

              port: abc
            """);

        Assert.Equal("postoffice.yaml:7: http.port: \"abc\" is not a port (1-65535)", error);
    }

    [Fact]
    public void Load_SizeOutOfRange_NamesKeyLineAndRange()
    {
        var error = LoadError("storage:\n  segmentSize: 4KiB\n");

        Assert.Equal(
            "postoffice.yaml:2: storage.segmentSize: \"4KiB\" is not a size from 1MiB to 1GiB (bytes, or a number with KiB, MiB or GiB)",
            error);
    }

    [Fact]
    public void Load_KeyWithoutValue_NamesKeyAndLine()
    {
        var error = LoadError("http:\n  port:\n");

        Assert.Equal("postoffice.yaml:2: http.port: no value given; expected a port (1-65535)", error);
    }

    [Fact]
    public void Load_SectionGivenAValue_NamesKeyAndLine()
    {
        var error = LoadError("mqtt: 1883\n");

        Assert.StartsWith("postoffice.yaml:1: mqtt: expected a section of keys (port, tlsPort, bind, tls, allowAnonymous", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_YamlSyntaxError_NamesLineAndColumn()
    {
        var error = LoadError("http:\n  port: 5000\n bind: 127.0.0.1\n");

        Assert.StartsWith("postoffice.yaml:3:2: ", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_UnclosedBracket_NamesLine()
    {
        var error = LoadError("http:\n  port: [1,\n  bind: x\n");

        Assert.StartsWith("postoffice.yaml:3:", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_DuplicateKey_NamesLine()
    {
        var error = LoadError("http:\n  port: 1\n  port: 2\n");

        Assert.StartsWith("postoffice.yaml:3:", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_UnknownEnvironmentVariable_NamesVariableAndSuggestion()
    {
        var error = LoadError(null, new() { ["POSTOFFICE_HTTP_PORT"] = "5000" });

        Assert.Equal(
            "environment variable POSTOFFICE_HTTP_PORT: unknown setting (did you mean \"POSTOFFICE_HTTP__PORT\"?)", error);
    }

    [Fact]
    public void Load_BadEnvironmentValue_NamesVariableAndKey()
    {
        var error = LoadError(null, new() { ["POSTOFFICE_STORAGE__SNAPSHOTINTERVAL"] = "5" });

        Assert.Equal(
            "environment variable POSTOFFICE_STORAGE__SNAPSHOTINTERVAL: storage.snapshotInterval: "
            + "\"5\" is not a duration from 1s to 24h (a number with ms, s, m or h)",
            error);
    }

    [Fact]
    public void Load_BadCommandLineValue_NamesOption()
    {
        var error = LoadError(null, null, new CommandLineValue("--log-level", "logging.level", "loud"));

        Assert.StartsWith("option --log-level: logging.level: \"loud\" is not a log level", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_PortsClash_NamesTheKeySetAndTheOther()
    {
        var error = LoadError("mqtt:\n  port: 4566\n");

        Assert.Equal("postoffice.yaml:2: mqtt.port: port 4566 is also used by http.port (default)", error);
    }

    [Fact]
    public void Load_MissingFile_NamesPath()
    {
        var path = Path.Combine(Path.GetTempPath(), $"postoffice-missing-{Guid.NewGuid():N}.yaml");

        var exception = Assert.Throws<ConfigurationException>(() => PostOfficeOptionsLoader.Load(path, NoEnvironment, []));

        Assert.StartsWith($"{path}: cannot read the config file", exception.Message, StringComparison.Ordinal);
    }

    private static PostOfficeOptions Load(
        string? yaml, Dictionary<string, string>? environment = null, params CommandLineValue[] commandLine) =>
        PostOfficeOptionsLoader.Load(
            FileName, yaml is null ? null : new StringReader(yaml), environment ?? NoEnvironment, commandLine);

    private static string LoadError(
        string? yaml, Dictionary<string, string>? environment = null, params CommandLineValue[] commandLine) =>
        Assert.Throws<ConfigurationException>(() => Load(yaml, environment, commandLine)).Message;
}
