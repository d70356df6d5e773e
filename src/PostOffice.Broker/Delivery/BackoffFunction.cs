namespace PostOffice.Broker.Delivery;

/// <summary>
/// How delays grow from minDelayTarget to maxDelayTarget across the backoff phase
/// (https://docs.aws.amazon.com/sns/latest/dg/sns-message-delivery-retries.html shows the four curves; AWS gives no
/// formula). With x the fraction of the backoff phase done (0 &lt; x ≤ 1) the delay is
/// <c>min + (max - min) · g(x)</c>: linear g = x, arithmetic g = x², geometric g = x³,
/// exponential g = (2^(10x) - 1) / (2^10 - 1). All four end at the maximum.
/// </summary>
public enum BackoffFunction
{
    Linear,
    Arithmetic,
    Geometric,
    Exponential,
}
