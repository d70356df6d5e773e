namespace PostOffice.Storage.Catalog;

/// <summary>
/// Definitions of named entities (queues, topics, streams, rules, policies, subscriptions, sessions): few, small,
/// changed rarely and transactionally. Each entry's <see cref="CatalogEntry.Id"/> is the owner id its log records
/// carry.
/// </summary>
public interface ICatalog
{
    /// <summary>Adds an entry unless one of that kind and name exists; returns the entry that is stored afterwards.</summary>
    Task<(CatalogEntry Entry, bool Created)> GetOrAddAsync(string kind, string name, string definition, CancellationToken cancellationToken = default);

    /// <summary>Replaces the definition of an existing entry; false when there is none.</summary>
    Task<bool> UpdateAsync(string kind, string name, string definition, CancellationToken cancellationToken = default);

    Task<CatalogEntry?> GetAsync(string kind, string name, CancellationToken cancellationToken = default);

    Task<bool> DeleteAsync(string kind, string name, CancellationToken cancellationToken = default);

    /// <summary>Entries of a kind in name order, starting with <paramref name="prefix"/>, after <paramref name="after"/>.</summary>
    Task<IReadOnlyList<CatalogEntry>> ListAsync(string kind, string? prefix = null, string? after = null, int limit = 1000, CancellationToken cancellationToken = default);
}
