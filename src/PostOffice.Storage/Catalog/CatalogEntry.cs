namespace PostOffice.Storage.Catalog;

/// <param name="Id">Stable numeric id, never reused; log records refer to the entry by it.</param>
/// <param name="Definition">The engine's own serialized definition (attributes, policies), opaque to the catalog.</param>
public sealed record CatalogEntry(long Id, string Kind, string Name, string Definition, DateTimeOffset CreatedAt);
