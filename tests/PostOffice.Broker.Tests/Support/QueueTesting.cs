using PostOffice.Broker.Queues;

namespace PostOffice.Broker.Tests.Support;

public static class QueueTesting
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public static Task<QueueDescription> CreateAsync(this QueueEngine engine, string name, Dictionary<string, string>? attributes = null) =>
        engine.CreateQueueAsync(new CreateQueueRequest(name, attributes ?? [], new Dictionary<string, string>()), Token);

    public static async Task<SendMessageResult> SendAsync(this QueueEngine engine, string queue, string body, string? group = null, string? deduplicationId = null, int? delay = null)
    {
        var outcome = (await engine.SendMessagesAsync(queue, [new SendMessageRequest { Body = body, MessageGroupId = group, MessageDeduplicationId = deduplicationId, DelaySeconds = delay }], Token))[0];
        Assert.Null(outcome.Error);
        return outcome.Result!;
    }

    public static async Task<QueueError> SendFailsAsync(this QueueEngine engine, string queue, SendMessageRequest request)
    {
        var outcome = (await engine.SendMessagesAsync(queue, [request], Token))[0];
        Assert.NotNull(outcome.Error);
        return outcome.Error;
    }

    public static async Task<IReadOnlyList<ReceivedMessage>> ReceiveAsync(this QueueEngine engine, string queue, int max = 10, int? visibility = null, int wait = 0) =>
        await engine.ReceiveMessagesAsync(queue, new ReceiveMessagesRequest { MaxNumberOfMessages = max, VisibilityTimeout = visibility, WaitTimeSeconds = wait }, Token);

    public static async Task DeleteAsync(this QueueEngine engine, string queue, params string[] handles)
    {
        var outcomes = await engine.DeleteMessagesAsync(queue, handles, Token);
        Assert.All(outcomes, Assert.Null);
    }

    public static async Task<string> AttributeAsync(this QueueEngine engine, string queue, string name) =>
        (await engine.GetQueueAttributesAsync(queue, [name], Token))[name];

    public static async Task<QueueException> FailsAsync(Func<Task> action) => await Assert.ThrowsAsync<QueueException>(action);
}
