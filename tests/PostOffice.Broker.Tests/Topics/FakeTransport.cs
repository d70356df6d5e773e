using PostOffice.Broker.Delivery;

namespace PostOffice.Broker.Tests.Topics;

/// <summary>An HTTP endpoint stand-in: answers from a script (default 200) and records every attempt with the clock's time.</summary>
public sealed class FakeTransport(TimeProvider clock) : IHttpDeliveryTransport
{
    private readonly object _gate = new();
    private readonly List<Attempt> _attempts = [];
    private readonly List<(int Count, TaskCompletionSource Reached)> _waiters = [];

    /// <summary>Status to answer for attempt n (0-based, all endpoints); null: no answer (timeout).</summary>
    public Func<int, Attempt, int?> Respond { get; set; } = (_, _) => 200;

    public IReadOnlyList<Attempt> Attempts
    {
        get
        {
            lock (_gate)
            {
                return [.. _attempts];
            }
        }
    }

    /// <summary>Forgets the attempts so far (the subscription confirmation of a test's setup).</summary>
    public void Reset()
    {
        lock (_gate)
        {
            _attempts.Clear();
        }
    }

    public Task WaitForAttemptsAsync(int count)
    {
        lock (_gate)
        {
            if (_attempts.Count >= count)
            {
                return Task.CompletedTask;
            }

            var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((count, reached));
            return reached.Task;
        }
    }

    public Task<int?> PostAsync(Uri endpoint, IReadOnlyList<KeyValuePair<string, string>> headers, string contentType, string body, CancellationToken cancellationToken)
    {
        var attempt = new Attempt(endpoint, headers.ToDictionary(h => h.Key, h => h.Value), body, clock.GetUtcNow());
        int index;
        lock (_gate)
        {
            index = _attempts.Count;
            _attempts.Add(attempt);
        }

        var status = Respond(index, attempt);
        lock (_gate)
        {
            foreach (var waiter in _waiters.Where(w => _attempts.Count >= w.Count).ToList())
            {
                _waiters.Remove(waiter);
                waiter.Reached.TrySetResult();
            }
        }

        return Task.FromResult(status);
    }

    public sealed record Attempt(Uri Endpoint, IReadOnlyDictionary<string, string> Headers, string Body, DateTimeOffset At);
}
