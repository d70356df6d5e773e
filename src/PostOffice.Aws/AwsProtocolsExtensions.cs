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
        endpoints.MapMethods("/", Methods, DispatchAsync);
        endpoints.MapMethods("/{accountId}/{queueName}", Methods, DispatchAsync);
        return endpoints;
    }

    private static Task DispatchAsync(HttpContext context) =>
        context.RequestServices.GetRequiredService<AwsRequestDispatcher>().HandleAsync(context);
}
