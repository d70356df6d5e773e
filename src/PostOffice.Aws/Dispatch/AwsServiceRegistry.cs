using System.Collections.Frozen;

namespace PostOffice.Aws.Dispatch;

/// <summary>Finds the service a request is for: by <c>X-Amz-Target</c> prefix for JSON; by credential scope, <c>Version</c> or action for query.</summary>
internal sealed class AwsServiceRegistry
{
    private readonly IAwsService[] _services;
    private readonly FrozenDictionary<string, IAwsService>.AlternateLookup<ReadOnlySpan<char>> _byJsonTarget;
    private readonly FrozenDictionary<string, IAwsService> _bySigningName;
    private readonly FrozenDictionary<string, IAwsService> _byQueryVersion;

    public AwsServiceRegistry(IEnumerable<IAwsService> services)
    {
        _services = [.. services];
        _byJsonTarget = _services.Where(service => service.JsonTargetPrefix is not null)
            .ToFrozenDictionary(service => service.JsonTargetPrefix!, StringComparer.Ordinal)
            .GetAlternateLookup<ReadOnlySpan<char>>();
        _bySigningName = _services.ToFrozenDictionary(service => service.SigningName, StringComparer.OrdinalIgnoreCase);

        // SNS (2010-03-31) and SQS (2012-11-05) differ; a clash would be a registration bug and throws here.
        _byQueryVersion = _services.Where(service => service.QueryVersion is not null)
            .ToFrozenDictionary(service => service.QueryVersion!, StringComparer.Ordinal);
    }

    public IAwsService? FindByJsonTarget(ReadOnlySpan<char> targetPrefix) =>
        _byJsonTarget.TryGetValue(targetPrefix, out var service) ? service : null;

    /// <summary>
    /// The query service of a request. SNS and SQS share action names (AddPermission, RemovePermission...), so a
    /// SigV4 credential scope decides when there is one, else the <c>Version</c> parameter, else an action only one
    /// service has. A scope or version naming a service not served here finds nothing: such a request is never
    /// handed to another service that happens to know the action.
    /// </summary>
    public IAwsService? FindForQuery(string? signingName, string? version, string? action)
    {
        if (signingName is not null)
        {
            return _bySigningName.TryGetValue(signingName, out var signed) && signed.QueryVersion is not null ? signed : null;
        }

        if (version is not null)
        {
            return _byQueryVersion.TryGetValue(version, out var versioned) ? versioned : null;
        }

        if (action is null)
        {
            return null;
        }

        IAwsService? owner = null;
        foreach (var service in _services)
        {
            if (service.QueryVersion is not null && service.Actions.TryGet(action, out _))
            {
                if (owner is not null)
                {
                    return null;
                }

                owner = service;
            }
        }

        return owner;
    }
}
