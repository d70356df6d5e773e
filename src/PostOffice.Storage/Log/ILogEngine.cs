using PostOffice.Storage.Catalog;

namespace PostOffice.Storage.Log;

/// <summary>
/// An engine that keeps its state in the shared write-ahead log (queues, topics, MQTT sessions). Each owns a range
/// of record kinds and a named section of every snapshot; <see cref="CompositeRecoveryHandler"/> routes between them.
/// </summary>
public interface ILogEngine
{
    /// <summary>The engine's snapshot section name; stable across versions (it is written to disk).</summary>
    string SnapshotSection { get; }

    /// <summary>True for the record kinds this engine appends; ranges of different engines never overlap.</summary>
    bool OwnsRecordKind(byte kind);

    /// <summary>Loads definitions from the catalog before replay and returns the handler replay goes through.</summary>
    Task<ILogRecoveryHandler> LoadAsync(ICatalog catalog, CancellationToken cancellationToken);

    /// <summary>Called once recovery has finished: from now on the engine appends to <paramref name="log"/>.</summary>
    void Attach(IWriteAheadLog log);
}
