using PostOffice.Load.Statistics;

namespace PostOffice.Load.Aws;

/// <summary>
/// What one destination of an SNS run (a subscribed queue, the HTTP endpoint) received: distinct deliveries and
/// duplicates by sequence number, deliveries received inside the measured window, and publish-to-receipt latency of
/// the messages published inside it (the stamp's send time against the receipt time; one process, one clock).
/// Thread-safe: several consumer loops or endpoint requests record into the same counter.
/// </summary>
internal sealed class DeliveryCounter(MeasuredWindow window)
{
    private readonly Lock _gate = new();
    private readonly DeliveryLedger _ledger = new();
    private readonly LatencyHistogram _latency = new();
    private long _receivedInWindow;
    private long _malformed;
    private long _errors;
    private string? _firstError;

    public long Distinct
    {
        get
        {
            lock (_gate)
            {
                return _ledger.Distinct;
            }
        }
    }

    /// <summary>Records one delivered message body (raw, or an envelope around it), received at <paramref name="receivedTimestamp"/>.</summary>
    public void Record(ReadOnlySpan<byte> body, long receivedTimestamp)
    {
        var stamped = LoadStamp.TryRead(body, out var sentTimestamp, out var sequence);
        lock (_gate)
        {
            if (!stamped)
            {
                _malformed++;
                return;
            }

            if (window.Contains(receivedTimestamp))
            {
                _receivedInWindow++;
            }

            if (_ledger.Record(sequence) && window.Contains(sentTimestamp))
            {
                _latency.Record(MeasuredWindow.ToNanoseconds(receivedTimestamp - sentTimestamp));
            }
        }
    }

    /// <summary>A receive, delete or endpoint failure; the run reports the count and the first one.</summary>
    public void Fail(string error)
    {
        lock (_gate)
        {
            _errors++;
            _firstError ??= error;
        }
    }

    /// <summary>Adds this counter's figures to the totals; call once the receivers have stopped.</summary>
    public void AddTo(DeliveryTotals totals)
    {
        lock (_gate)
        {
            totals.Distinct += _ledger.Distinct;
            totals.Duplicates += _ledger.Duplicates;
            totals.ReceivedInWindow += _receivedInWindow;
            totals.Malformed += _malformed;
            totals.Errors += _errors;
            totals.FirstError ??= _firstError;
            totals.Latency.Add(_latency);
        }
    }
}
