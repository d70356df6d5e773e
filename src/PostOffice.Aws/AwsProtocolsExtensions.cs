using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using PostOffice.Aws.Dispatch;
using PostOffice.Aws.Sqs;

namespace PostOffice.Aws;

/// <summary>Puts the AWS APIs (SQS today) on the server's HTTP port.</summary>
public static class AwsProtocolsExtensions
{
    private static readonly string[] Methods = [HttpMethods.Post, HttpMethods.Get];

    /// <summary>
    /// Registers the AWS protocol edge. The host registers the engines it serves (<c>IQueueService</c> for SQS);
    /// they are resolved on the first request.
    /// </summary>
    public static IServiceCollection AddAwsProtocols(this IServiceCollection services)
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAwsService, SqsService>());
        services.TryAddSingleton<AwsRequestDispatcher>();
        return services;
    }

    /// <summary>
    /// Answers AWS requests at <c>POST /</c> and at queue URLs <c>POST /{accountId}/{queueName}</c>, and the query
    /// protocol's <c>GET</c> with a query string at both. More specific routes (health checks) still win.
    /// </summary>
    public static IEndpointRouteBuilder MapAwsProtocols(this IEndpointRouteBuilder endpoints)
    {
        var dispatcher = DispatcherOf(endpoints.ServiceProvider);
        endpoints.MapMethods("/", Methods, context => dispatcher.Value.HandleAsync(context));
        endpoints.MapMethods("/{accountId}/{queueName}", Methods, context => dispatcher.Value.HandleAsync(context));
        return endpoints;
    }

    /// <summary>
    /// Hands the AWS APIs' <c>POST</c>s (to <c>/</c> or a queue URL) straight to the dispatcher, ahead of routing:
    /// they are nearly every request the port serves, and no other route takes a <c>POST</c> at those paths. Place it
    /// before <c>UseRouting</c>; everything else goes on to the routes that <see cref="MapAwsProtocols"/> and the
    /// others map.
    /// </summary>
    public static IApplicationBuilder UseAwsProtocols(this IApplicationBuilder app)
    {
        var dispatcher = DispatcherOf(app.ApplicationServices);
        return app.Use(next => context =>
            HttpMethods.IsPost(context.Request.Method) && IsAwsPath(context.Request.Path.Value)
                ? dispatcher.Value.HandleAsync(context)
                : next(context));
    }

    // Resolved on the first request, not while the host is built: the engines behind it open files in the data
    // directory, and a failure there belongs to start-up's error handling. Not HttpContext.RequestServices, which
    // would create a service scope for every request.
    private static Lazy<AwsRequestDispatcher> DispatcherOf(IServiceProvider services) =>
        new(services.GetRequiredService<AwsRequestDispatcher>, LazyThreadSafetyMode.PublicationOnly);

    /// <summary><c>/</c> or <c>/{accountId}/{queueName}</c>: two non-empty segments, with or without a final slash.</summary>
    internal static bool IsAwsPath(string? path)
    {
        if (string.IsNullOrEmpty(path) || path == "/")
        {
            return true;
        }

        var rest = path.AsSpan(1);
        if (rest.EndsWith('/'))
        {
            rest = rest[..^1];
        }

        var slash = rest.IndexOf('/');
        return slash > 0 && slash < rest.Length - 1 && rest[(slash + 1)..].IndexOf('/') < 0;
    }
}
