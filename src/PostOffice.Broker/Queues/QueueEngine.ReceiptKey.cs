using System.Security.Cryptography;
using System.Text.Json.Nodes;
using PostOffice.Storage.Catalog;

namespace PostOffice.Broker.Queues;

public sealed partial class QueueEngine
{
    /// <summary>The catalog kind of the store's receipt-handle secret (one entry, <see cref="ReceiptKeyName"/>).</summary>
    public const string SecretCatalogKind = "sqs-secret";

    private const string ReceiptKeyName = "receipt-handle-key";

    /// <summary>
    /// Keys receipt-handle tags (<see cref="ReceiptHandle"/>). Random per engine until <see cref="LoadAsync"/> derives
    /// it from the store's secret, which lives in the catalog so that handles stay valid across restarts, snapshots and
    /// compaction.
    /// </summary>
    private byte[] _receiptKey = RandomNumberGenerator.GetBytes(SipHash.KeyLength);

    /// <summary>The tag key derived from the store's secret, which is created on first use: <c>{"key":"base64"}</c>.</summary>
    private static async Task<byte[]> LoadReceiptKeyAsync(ICatalog catalog, CancellationToken cancellationToken)
    {
        var fresh = new JsonObject { ["key"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(ReceiptHandle.SecretLength)) }.ToJsonString();
        var (entry, _) = await catalog.GetOrAddAsync(SecretCatalogKind, ReceiptKeyName, fresh, cancellationToken).ConfigureAwait(false);
        var key = Convert.FromBase64String(JsonNode.Parse(entry.Definition)!["key"]!.GetValue<string>());
        return key.Length == ReceiptHandle.SecretLength
            ? ReceiptHandle.DeriveKey(key)
            : throw new InvalidDataException($"The catalog's {SecretCatalogKind}/{ReceiptKeyName} entry holds a {key.Length}-byte key; expected {ReceiptHandle.SecretLength}.");
    }
}
