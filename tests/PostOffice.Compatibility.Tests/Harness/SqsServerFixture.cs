namespace PostOffice.Compatibility.Tests.Harness;

/// <summary>
/// One SQS server per test class (<c>IClassFixture&lt;SqsServerFixture&gt;</c>): the real postoffice on a free port
/// and a temporary data directory, or moto when <c>COMPAT_SQS_TARGET=moto</c> (to check the scripts themselves).
/// A test can SIGKILL it and start it again on the same data directory and port.
/// </summary>
public sealed class SqsServerFixture : IAsyncLifetime
{
    /// <summary>The environment variable that picks the server: <c>postoffice</c> (the default) or <c>moto</c>.</summary>
    public const string TargetVariable = "COMPAT_SQS_TARGET";

    /// <summary>The account in PostOffice's queue URLs and ARNs.</summary>
    public const string AccountId = "000000000000";

    /// <summary>The region the clients are configured with, and so the one in ARNs.</summary>
    public const string Region = "us-east-1";

    private readonly ISqsServerHost _host = Environment.GetEnvironmentVariable(TargetVariable) switch
    {
        null or "" or "postoffice" => new PostOfficeHost(),
        "moto" => new MotoHost(),
        var other => throw new InvalidOperationException($"{TargetVariable}={other}: expected postoffice or moto"),
    };

    /// <summary><c>http://127.0.0.1:PORT/</c>, the endpoint the clients are given.</summary>
    public Uri Endpoint => _host.Endpoint;

    /// <summary>Everything the server processes printed, for diagnosing a failure.</summary>
    public string ServerOutput => _host.Output;

    /// <summary><c>http://127.0.0.1:PORT/000000000000/NAME</c>.</summary>
    public string QueueUrl(string queueName) => $"{Endpoint.AbsoluteUri}{AccountId}/{queueName}";

    public static string QueueArn(string queueName) => $"arn:aws:sqs:{Region}:{AccountId}:{queueName}";

    public async ValueTask InitializeAsync() => await _host.StartAsync(TestContext.Current.CancellationToken);

    /// <summary>SIGKILLs the server: whatever it had not made durable is lost, as in a crash.</summary>
    public Task KillAsync() => _host.KillAsync();

    /// <summary>Starts the server again on the same data directory and port, and waits until it is ready.</summary>
    public Task StartAsync() => _host.StartAsync(TestContext.Current.CancellationToken);

    /// <summary>Starts the server if an earlier test killed it and did not get as far as starting it again.</summary>
    public async Task EnsureRunningAsync()
    {
        if (!_host.IsRunning)
        {
            await _host.StartAsync(TestContext.Current.CancellationToken);
        }
    }

    /// <summary>Stops the server gracefully (SIGTERM) if it runs, then starts it again.</summary>
    public async Task RestartAsync()
    {
        if (_host.IsRunning)
        {
            await _host.StopAsync(TestContext.Current.CancellationToken);
        }

        await _host.StartAsync(TestContext.Current.CancellationToken);
    }

    public ValueTask DisposeAsync() => _host.DisposeAsync();
}
