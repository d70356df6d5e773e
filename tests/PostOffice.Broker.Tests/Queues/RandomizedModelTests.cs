using PostOffice.Broker.Queues;
using PostOffice.Broker.Tests.Support;

namespace PostOffice.Broker.Tests.Queues;

/// <summary>
/// Random operations against the engine, with snapshots and restarts in between, checked against the simplest
/// model of a queue: the set of messages sent and not yet deleted. Whatever the interleaving, after the last restart
/// exactly that set is receivable: nothing acknowledged is lost, nothing deleted comes back.
/// </summary>
public sealed class RandomizedModelTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(1, false)]
    [InlineData(2, false)]
    [InlineData(3, true)]
    [InlineData(4, true)]
    public async Task RandomOperationsWithRestarts_LeaveExactlyTheUndeletedMessages(int seed, bool fifo)
    {
        var random = new Random(seed);
        await using var host = await QueueHost.StartAsync();
        var name = fifo ? "model.fifo" : "model";
        await host.Engine.CreateAsync(name, fifo ? new() { ["FifoQueue"] = "true", ["ContentBasedDeduplication"] = "true" } : null);
        var model = new HashSet<string>();
        var handles = new List<(string Body, string Handle)>();
        var latestHandle = new Dictionary<string, string>();
        var next = 0;

        for (var step = 0; step < 400; step++)
        {
            switch (random.Next(10))
            {
                case 0 or 1 or 2:
                    var batch = Enumerable.Range(0, random.Next(1, 4)).Select(_ => $"m{next++}").ToList();
                    var outcomes = await host.Engine.SendMessagesAsync(name, [.. batch.Select(body => new SendMessageRequest { Body = body, MessageGroupId = fifo ? $"g{random.Next(3)}" : null })], Token);
                    Assert.All(outcomes, o => Assert.Null(o.Error));
                    model.UnionWith(batch);
                    break;
                case 3 or 4:
                    foreach (var message in await host.Engine.ReceiveAsync(name, max: random.Next(1, 11), visibility: random.Next(0, 40)))
                    {
                        Assert.Contains(message.Body, model);
                        handles.Add((message.Body, message.ReceiptHandle));
                        latestHandle[message.Body] = message.ReceiptHandle;
                    }

                    break;
                case 5 when handles.Count > 0:
                    var (body, handle) = handles[random.Next(handles.Count)];
                    var deleted = await host.Engine.DeleteMessagesAsync(name, [handle], Token);
                    var latest = latestHandle.GetValueOrDefault(body) == handle;

                    // Only the latest receive's handle deletes; a stale one is a no-op (standard) or an error (FIFO);
                    // any handle of a message already deleted succeeds.
                    var expectSuccess = latest || !fifo || !model.Contains(body);
                    Assert.True(expectSuccess ? deleted[0] is null : deleted[0]?.Code == QueueErrorCode.ReceiptHandleIsInvalid, $"step {step}: delete of {body}");
                    if (latest)
                    {
                        model.Remove(body);
                    }

                    break;
                case 6 when handles.Count > 0:
                    await host.Engine.ChangeMessageVisibilityAsync(name, [new VisibilityChange(handles[random.Next(handles.Count)].Handle, random.Next(0, 20))], Token);
                    break;
                case 7:
                    host.Clock.Advance(TimeSpan.FromSeconds(random.Next(1, 30)));
                    break;
                case 8:
                    await host.Storage.SnapshotAsync(Token);
                    break;
                case 9:
                    await host.RestartAsync();
                    break;
            }
        }

        await host.RestartAsync();
        host.Clock.Advance(TimeSpan.FromHours(13));
        var remaining = new List<string>();
        while (await host.Engine.ReceiveAsync(name, max: 10, visibility: 600) is { Count: > 0 } received)
        {
            remaining.AddRange(received.Select(m => m.Body));
            await host.Engine.DeleteAsync(name, [.. received.Select(m => m.ReceiptHandle)]);
        }

        Assert.Equal(model.Order(StringComparer.Ordinal), remaining.Order(StringComparer.Ordinal));
    }
}
