using PostOffice.Server.Configuration;

namespace PostOffice.Server.Tests.Configuration;

/// <summary>postoffice.example.yaml is the settings documentation; these keep it complete and true.</summary>
public sealed class ExampleConfigTests
{
    private static readonly string ExamplePath = Path.Combine(AppContext.BaseDirectory, "postoffice.example.yaml");

    [Fact]
    public void ExampleConfig_Loaded_EqualsTheDefaults()
    {
        var example = PostOfficeOptionsLoader.Load(ExamplePath, new Dictionary<string, string>(), []);
        var defaults = new PostOfficeOptions();

        Assert.Equal(defaults.DataDirectory, example.DataDirectory);
        Assert.Equal(defaults.ShutdownTimeout, example.ShutdownTimeout);
        Assert.Equal(defaults.Http.Bind, example.Http.Bind);
        Assert.Equal(defaults.Http.Port, example.Http.Port);
        Assert.Equal(defaults.Mqtt.Port, example.Mqtt.Port);
        Assert.Equal(defaults.Mqtt.TlsPort, example.Mqtt.TlsPort);
        Assert.Equal(defaults.Mqtt.Bind, example.Mqtt.Bind);
        Assert.Equal(defaults.Mqtt.TlsCertificate, example.Mqtt.TlsCertificate);
        Assert.Equal(defaults.Mqtt.TlsPrivateKey, example.Mqtt.TlsPrivateKey);
        Assert.Equal(defaults.Mqtt.AllowAnonymous, example.Mqtt.AllowAnonymous);
        Assert.Equal(defaults.Mqtt.PasswordFile, example.Mqtt.PasswordFile);
        Assert.Equal(defaults.Mqtt.MaxPacketSize, example.Mqtt.MaxPacketSize);
        Assert.Equal(defaults.Mqtt.MaxQueuedMessages, example.Mqtt.MaxQueuedMessages);
        Assert.Equal(defaults.Mqtt.MaxInflight, example.Mqtt.MaxInflight);
        Assert.Equal(defaults.Mqtt.MaxOutgoingTopicAliases, example.Mqtt.MaxOutgoingTopicAliases);
        Assert.Equal(defaults.Storage.SegmentSize, example.Storage.SegmentSize);
        Assert.Equal(defaults.Storage.SnapshotInterval, example.Storage.SnapshotInterval);
        Assert.Equal(defaults.Logging.Level, example.Logging.Level);
    }

    [Fact]
    public void ExampleConfig_EveryKnownKey_IsDocumented()
    {
        var lines = File.ReadAllLines(ExamplePath);

        foreach (var setting in ConfigSettings.All)
        {
            var name = setting.Key.Split('.')[^1];
            Assert.Contains(lines, line => line.TrimStart().StartsWith(name + ":", StringComparison.Ordinal));
        }
    }
}
