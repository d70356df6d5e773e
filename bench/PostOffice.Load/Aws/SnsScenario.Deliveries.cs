using System.Diagnostics;
using System.Globalization;
using PostOffice.Load.Output;
using PostOffice.Load.Statistics;

namespace PostOffice.Load.Aws;

/// <summary>
/// The receiving side of an SNS run: consumer loops on every subscribed queue (on their own connections, apart from
/// the publishers'), or the push endpoint's counter; the drain after the last publish; the delivery metrics.
/// </summary>
internal sealed partial class SnsScenario : IAwsDeliveries
{
    private readonly List<DeliveryCounter> _counters = [];
    private readonly CancellationTokenSource _stopConsumers = new();
    private Task[] _consumers = [];
    private AwsClient? _consumerClient;

    public void StartReceiving(MeasuredWindow window)
    {
        if (_push is not null)
        {
            _push.Counter = new DeliveryCounter(window);
            _counters.Add(_push.Counter);
        }

        if (_queues.Length == 0)
        {
            return;
        }

        var connections = _queues.Length * _settings.ConsumersPerQueue;
        _consumerClient = new AwsClient(_settings.Endpoint, _settings.Credentials, _settings.Region, connections, TimeSpan.FromSeconds(_settings.WaitTimeSeconds) + _settings.RequestTimeout);
        var consumers = new List<Task>(connections);
        foreach (var queue in _queues)
        {
            queue.Counter = new DeliveryCounter(window);
            _counters.Add(queue.Counter);
            for (var i = 0; i < _settings.ConsumersPerQueue; i++)
            {
                consumers.Add(queue.ConsumeAsync(_consumerClient, _settings.WaitTimeSeconds, _stopConsumers.Token));
            }
        }

        _consumers = [.. consumers];
    }

    public async Task StopReceivingAsync(TimeSpan drain, CancellationToken cancellationToken)
    {
        var expected = Interlocked.Read(ref _published) * _fanOut;
        var lastProgress = Stopwatch.GetTimestamp();
        var lastCount = -1L;
        var patience = MeasuredWindow.ToTicks(drain);
        while (!cancellationToken.IsCancellationRequested)
        {
            var delivered = _counters.Sum(counter => counter.Distinct);
            if (delivered >= expected)
            {
                break;
            }

            var now = Stopwatch.GetTimestamp();
            if (delivered != lastCount)
            {
                lastCount = delivered;
                lastProgress = now;
            }
            else if (now - lastProgress > patience)
            {
                break;
            }

            try
            {
                await Task.Delay(20, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        await StopConsumersAsync();
    }

    public string? AddMetrics(MetricList metrics, MeasuredWindow window)
    {
        var totals = Totals();
        totals.AddMetrics(metrics, window, Interlocked.Read(ref _published) * _fanOut);
        return totals.Failure();
    }

    public string? NothingDelivered()
    {
        var published = Interlocked.Read(ref _published);
        var totals = Totals();
        if (published == 0 || totals.Distinct > 0 || totals.Malformed > 0)
        {
            return null;
        }

        var where = _settings.Operation == AwsOperation.SnsHttpPush ? "the HTTP endpoint" : $"the {_queues.Length} subscribed SQS queue(s)";
        var errors = totals.Errors > 0 ? $"; first receive error: {totals.FirstError}" : string.Empty;
        return string.Create(CultureInfo.InvariantCulture, $"{published:N0} messages published, none reached {where} within the drain time of {_settings.Drain.TotalSeconds:0.#} s{errors}");
    }

    private DeliveryTotals Totals()
    {
        var totals = new DeliveryTotals();
        foreach (var counter in _counters)
        {
            counter.AddTo(totals);
        }

        return totals;
    }

    private async Task StopConsumersAsync()
    {
        if (!_stopConsumers.IsCancellationRequested)
        {
            await _stopConsumers.CancelAsync();
        }

        await Task.WhenAll(_consumers);
        _consumers = [];
        _consumerClient?.Dispose();
        _consumerClient = null;
    }
}
