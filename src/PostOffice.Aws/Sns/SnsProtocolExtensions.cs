using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using PostOffice.Aws.Dispatch;
using PostOffice.Broker.Topics;

namespace PostOffice.Aws.Sns;

/// <summary>Puts SNS on the AWS edge: the service for the dispatcher, and the signing certificate at its URL.</summary>
public static class SnsProtocolExtensions
{
    /// <summary>Registers SNS with the dispatcher; the host registers <see cref="ITopicService"/>.</summary>
    public static IServiceCollection AddSnsProtocol(this IServiceCollection services)
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAwsService, SnsService>());
        return services;
    }

    /// <summary>Serves the PEM certificate named by every envelope's SigningCertURL.</summary>
    public static IEndpointRouteBuilder MapSnsEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(TopicEngine.SigningCertificatePath, (HttpContext context) =>
            Results.Text(context.RequestServices.GetRequiredService<ITopicService>().SigningCertificatePem, "application/x-pem-file"));
        return endpoints;
    }
}
