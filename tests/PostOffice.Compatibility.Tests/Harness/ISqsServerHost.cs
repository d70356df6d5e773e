namespace PostOffice.Compatibility.Tests.Harness;

/// <summary>A server process that answers SQS on loopback, which a fixture can kill and start again.</summary>
internal interface ISqsServerHost : IAsyncDisposable
{
    /// <summary><c>http://127.0.0.1:PORT/</c>; the port stays the same across restarts.</summary>
    Uri Endpoint { get; }

    /// <summary>True while a started process has not been killed or stopped.</summary>
    bool IsRunning { get; }

    /// <summary>The output of every process this host started, oldest first, for failure messages.</summary>
    string Output { get; }

    /// <summary>Starts the server (again, on the same data and port) and waits until it is ready.</summary>
    Task StartAsync(CancellationToken cancellationToken);

    /// <summary>SIGKILL: no flush, no graceful close. Returns once the process is gone.</summary>
    Task KillAsync();

    /// <summary>SIGTERM: the graceful stop a service manager asks for. Returns once the process is gone.</summary>
    Task StopAsync(CancellationToken cancellationToken);
}
