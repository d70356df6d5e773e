namespace PostOffice.Broker.Delivery;

/// <summary>Sends one POST; the engine never sees HTTP types beyond this (tests substitute a fake).</summary>
public interface IHttpDeliveryTransport
{
    /// <summary>The response status, or null when the endpoint could not be reached or did not answer in time.</summary>
    Task<int?> PostAsync(Uri endpoint, IReadOnlyList<KeyValuePair<string, string>> headers, string contentType, string body, CancellationToken cancellationToken);
}
