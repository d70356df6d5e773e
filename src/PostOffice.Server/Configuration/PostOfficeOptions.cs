using PostOffice.Server.Hosting;

namespace PostOffice.Server.Configuration;

/// <summary>
/// Every setting of the server, after defaults, the YAML file, environment variables and command-line options
/// have been applied in that order. The defaults here are the documented defaults; <see cref="ConfigSettings"/>
/// is the table of keys that may change them.
/// </summary>
public sealed class PostOfficeOptions
{
    /// <summary>Where the store keeps its log, snapshots and catalog; relative paths resolve against the working directory.</summary>
    public string DataDirectory { get; set; } = "./data";

    /// <summary>How long a graceful stop waits for in-flight requests before aborting them.</summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How the server's threads share the CPU; <see cref="CpuSchedulingPolicy.Batch"/> applies on Linux only.</summary>
    public CpuSchedulingPolicy CpuScheduling { get; set; } = CpuSchedulingPolicy.Batch;

    public HttpOptions Http { get; } = new();

    public MqttOptions Mqtt { get; } = new();

    public StoreOptions Storage { get; } = new();

    public LoggingOptions Logging { get; } = new();
}
