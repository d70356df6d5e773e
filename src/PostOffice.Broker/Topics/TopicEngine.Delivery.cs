using PostOffice.Broker.Delivery;
using PostOffice.Broker.Queues;
using PostOffice.Storage;

namespace PostOffice.Broker.Topics;

public sealed partial class TopicEngine
{
    /// <summary>
    /// The endpoint took the delivery: its pending record is done. The done mark is not flushed on its own (it rides
    /// with the log's next commit): a crash may lose the last few, which only pushes them again, as at-least-once allows.
    /// </summary>
    public ValueTask DeliveredAsync(HttpDelivery delivery)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        _stateLock.EnterReadLock();
        try
        {
            Log.AppendUnflushed([Done(delivery)]);
            _pending.TryRemove(delivery.Id, out _);
        }
        finally
        {
            _stateLock.ExitReadLock();
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// Records how far the delivery's retry policy has got, in the log and in the pending copy snapshots take. The
    /// record is not flushed on its own: a crash may lose the last few, which only repeats attempts; the pending
    /// delivery itself is durable since its publish.
    /// </summary>
    public void RetryScheduled(HttpDelivery delivery, int attempts, DateTimeOffset nextAttemptAt)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        var due = nextAttemptAt.ToUnixTimeMilliseconds();
        _stateLock.EnterReadLock();
        try
        {
            if (!_pending.TryGetValue(delivery.Id, out var pending))
            {
                return;
            }

            Log.AppendUnflushed([new LogRecord(TopicRecordKind.DeliveryRetryScheduled, delivery.SubscriptionId, TopicRecords.EncodeRetryScheduled(delivery.Id, attempts, due))]);
            _pending.TryUpdate(delivery.Id, pending with { Attempts = attempts, NextAttemptAt = due }, pending);
        }
        finally
        {
            _stateLock.ExitReadLock();
        }
    }

    /// <summary>
    /// Retries ran out: the message moves to the subscription's dead-letter queue in the same chunk that ends the
    /// pending delivery (https://docs.aws.amazon.com/sns/latest/dg/sns-dead-letter-queues.html), or is dropped with a
    /// log line when there is none.
    /// </summary>
    public async ValueTask ExhaustedAsync(HttpDelivery delivery)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        var target = _subscriptionsById.TryGetValue(delivery.SubscriptionId, out var subscription) ? subscription.DeadLetterTargetArn : null;
        ValueTask commit;
        _stateLock.EnterReadLock();
        try
        {
            if (target is null)
            {
                TopicLog.Dropped(_logger, delivery.MessageId, delivery.Endpoint, delivery.SubscriptionArn);
                commit = AppendLocked([Done(delivery)]);
            }
            else
            {
                var enqueue = new FanoutEnqueue(target, new SendMessageRequest
                {
                    Body = delivery.Body,
                    MessageAttributes = delivery.RawAttributes ?? SendMessageRequest.EmptyAttributes,
                    SenderId = Owner,
                });
                var fanout = _queues.FanOut([enqueue], [Done(delivery)]);
                if (fanout.Errors[0] is { } error)
                {
                    TopicLog.NotDelivered(_logger, delivery.MessageId, delivery.TopicArn, delivery.SubscriptionArn, "dead-letter queue: " + error.Message);
                }

                commit = fanout.Commit;
            }

            _pending.TryRemove(delivery.Id, out _);
        }
        finally
        {
            _stateLock.ExitReadLock();
        }

        await commit.ConfigureAwait(false);
    }

    public bool IsSubscribed(HttpDelivery delivery)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        return _subscriptionsById.ContainsKey(delivery.SubscriptionId);
    }

    public ValueTask AbandonedAsync(HttpDelivery delivery) => DeliveredAsync(delivery);

    private static LogRecord Done(HttpDelivery delivery) =>
        new(TopicRecordKind.DeliveryDone, delivery.SubscriptionId, delivery.Id.ToByteArray());
}
