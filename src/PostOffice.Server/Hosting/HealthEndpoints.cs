using Microsoft.AspNetCore.Mvc;

namespace PostOffice.Server.Hosting;

/// <summary>
/// Liveness and readiness, in the shape orchestrators probe: liveness says only that the process answers;
/// readiness says the store is open and accepting writes, so traffic should be sent here.
/// </summary>
internal static class HealthEndpoints
{
    public const string LivePath = "/health/live";
    public const string ReadyPath = "/health/ready";

    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(LivePath, () => Results.Text("live"));
        endpoints.MapGet(ReadyPath, ([FromServices] StorageHostedService storage) =>
        {
            var (ready, reason) = CheckReadiness(storage);
            return Results.Text(reason, statusCode: ready ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
        });
        return endpoints;
    }

    /// <summary>Ready means open and writable; a sticky I/O failure makes the store refuse writes, so it is not ready.</summary>
    internal static (bool Ready, string Reason) CheckReadiness(StorageHostedService storage) => storage.Engine switch
    {
        null => (false, "store not open"),
        { IsWritable: true } => (true, "ready"),
        { Failure: { } failure } => (false, $"store not writable: {failure.GetType().Name}"),
        _ => (false, "store not writable"),
    };
}
