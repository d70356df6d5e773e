using PostOffice.Broker.Queues;
using PostOffice.Broker.Tests.Support;

namespace PostOffice.Broker.Tests.Queues;

public sealed class MessageLifecycleTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Send_ThenReceive_ReturnsBodyAttributesAndSystemProperties()
    {
        await using var host = await QueueHost.StartAsync();
        await host.Engine.CreateAsync("q");
        var request = new SendMessageRequest
        {
            Body = "hello",
            MessageAttributes = new Dictionary<string, MessageAttributeValue>
            {
                ["s"] = new("String", "text", null),
                ["n"] = new("Number.int", "42", null),
                ["b"] = new("Binary", null, [1, 2, 3]),
            },
            MessageSystemAttributes = new Dictionary<string, MessageAttributeValue> { ["AWSTraceHeader"] = new("String", "Root=1-abc", null) },
            SenderId = "AKIDEXAMPLE",
        };
        var sent = (await host.Engine.SendMessagesAsync("q", [request], Token))[0].Result!;

        var message = Assert.Single(await host.Engine.ReceiveAsync("q"));

        Assert.Equal(sent.MessageId, message.MessageId);
        Assert.Equal("hello", message.Body);
        Assert.Equal("42", message.MessageAttributes["n"].StringValue);
        Assert.Equal("Number.int", message.MessageAttributes["n"].DataType);
        Assert.Equal(new byte[] { 1, 2, 3 }, message.MessageAttributes["b"].BinaryValue);
        Assert.Equal(1, message.System.ApproximateReceiveCount);
        Assert.Equal(host.Clock.GetUtcNow().ToUnixTimeMilliseconds(), message.System.SentTimestamp);
        Assert.Equal("AKIDEXAMPLE", message.System.SenderId);
        Assert.Equal("Root=1-abc", message.System.AwsTraceHeader);
        Assert.Null(message.System.SequenceNumber);
    }

    [Fact]
    public async Task Receive_WithinVisibilityTimeout_HidesTheMessageAndAfterwardsRedeliversIt()
    {
        await using var host = await QueueHost.StartAsync();
        await host.Engine.CreateAsync("q", new() { ["VisibilityTimeout"] = "30" });
        await host.Engine.SendAsync("q", "m");
        var first = Assert.Single(await host.Engine.ReceiveAsync("q"));

        host.Clock.Advance(TimeSpan.FromSeconds(29));
        Assert.Empty(await host.Engine.ReceiveAsync("q"));
        Assert.Equal("1", await host.Engine.AttributeAsync("q", "ApproximateNumberOfMessagesNotVisible"));
        host.Clock.Advance(TimeSpan.FromSeconds(1));
        var second = Assert.Single(await host.Engine.ReceiveAsync("q"));

        Assert.Equal(first.MessageId, second.MessageId);
        Assert.Equal(2, second.System.ApproximateReceiveCount);
        Assert.NotEqual(first.ReceiptHandle, second.ReceiptHandle);
        Assert.Equal(first.System.ApproximateFirstReceiveTimestamp, second.System.ApproximateFirstReceiveTimestamp);
    }

    [Fact]
    public async Task Delete_WithStaleReceiptHandle_SucceedsButDeletesNothing()
    {
        await using var host = await QueueHost.StartAsync();
        await host.Engine.CreateAsync("q");
        await host.Engine.SendAsync("q", "m");
        var first = Assert.Single(await host.Engine.ReceiveAsync("q", visibility: 0));
        var second = Assert.Single(await host.Engine.ReceiveAsync("q", visibility: 0));

        await host.Engine.DeleteAsync("q", first.ReceiptHandle);
        Assert.Single(await host.Engine.ReceiveAsync("q", visibility: 0));

        await host.Engine.DeleteAsync("q", second.ReceiptHandle);
        Assert.NotEqual(first.ReceiptHandle, second.ReceiptHandle);
    }

    [Fact]
    public async Task Delete_WithLatestHandle_RemovesTheMessageForGood()
    {
        await using var host = await QueueHost.StartAsync();
        await host.Engine.CreateAsync("q");
        await host.Engine.SendAsync("q", "m");
        var received = Assert.Single(await host.Engine.ReceiveAsync("q", visibility: 0));

        await host.Engine.DeleteAsync("q", received.ReceiptHandle, received.ReceiptHandle);

        Assert.Empty(await host.Engine.ReceiveAsync("q"));
        Assert.Equal("0", await host.Engine.AttributeAsync("q", "ApproximateNumberOfMessages"));
    }

    [Fact]
    public async Task Delete_MalformedOrForeignHandle_FailsWithReceiptHandleIsInvalid()
    {
        await using var host = await QueueHost.StartAsync();
        await host.Engine.CreateAsync("a");
        await host.Engine.CreateAsync("b");
        await host.Engine.SendAsync("a", "m");
        var received = Assert.Single(await host.Engine.ReceiveAsync("a"));

        var outcomes = await host.Engine.DeleteMessagesAsync("b", ["garbage", received.ReceiptHandle], Token);

        Assert.All(outcomes, outcome => Assert.Equal(QueueErrorCode.ReceiptHandleIsInvalid, outcome!.Code));
    }

    [Fact]
    public async Task ChangeMessageVisibility_ToZero_MakesTheMessageVisibleAtOnce()
    {
        await using var host = await QueueHost.StartAsync();
        await host.Engine.CreateAsync("q");
        await host.Engine.SendAsync("q", "m");
        var received = Assert.Single(await host.Engine.ReceiveAsync("q"));

        var outcome = await host.Engine.ChangeMessageVisibilityAsync("q", [new VisibilityChange(received.ReceiptHandle, 0)], Token);

        Assert.Null(outcome[0]);
        Assert.Single(await host.Engine.ReceiveAsync("q"));
    }

    [Fact]
    public async Task ChangeMessageVisibility_MessageNotInFlight_FailsWithMessageNotInflight()
    {
        await using var host = await QueueHost.StartAsync();
        await host.Engine.CreateAsync("q");
        await host.Engine.SendAsync("q", "m");
        var received = Assert.Single(await host.Engine.ReceiveAsync("q", visibility: 10));
        host.Clock.Advance(TimeSpan.FromSeconds(10));

        var outcome = await host.Engine.ChangeMessageVisibilityAsync("q", [new VisibilityChange(received.ReceiptHandle, 60)], Token);

        Assert.Equal(QueueErrorCode.MessageNotInflight, outcome[0]!.Code);
    }

    [Fact]
    public async Task ChangeMessageVisibility_Beyond12HoursAfterReceive_IsRejected()
    {
        await using var host = await QueueHost.StartAsync();
        await host.Engine.CreateAsync("q");
        await host.Engine.SendAsync("q", "m");
        var received = Assert.Single(await host.Engine.ReceiveAsync("q", visibility: 43200));
        host.Clock.Advance(TimeSpan.FromHours(1));

        var outcome = await host.Engine.ChangeMessageVisibilityAsync("q", [new VisibilityChange(received.ReceiptHandle, 43200)], Token);

        Assert.Equal(QueueErrorCode.InvalidParameterValue, outcome[0]!.Code);
    }

    [Fact]
    public async Task Send_WithDelay_StaysInvisibleUntilTheDelayPasses()
    {
        await using var host = await QueueHost.StartAsync();
        await host.Engine.CreateAsync("q", new() { ["DelaySeconds"] = "10" });
        await host.Engine.SendAsync("q", "queue delay");
        await host.Engine.SendAsync("q", "message delay", delay: 20);

        Assert.Empty(await host.Engine.ReceiveAsync("q"));
        Assert.Equal("2", await host.Engine.AttributeAsync("q", "ApproximateNumberOfMessagesDelayed"));
        host.Clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(["queue delay"], (await host.Engine.ReceiveAsync("q")).Select(m => m.Body));
        host.Clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(["message delay"], (await host.Engine.ReceiveAsync("q")).Select(m => m.Body));
    }

    [Fact]
    public async Task Messages_PastRetentionPeriod_AreDeleted()
    {
        await using var host = await QueueHost.StartAsync();
        await host.Engine.CreateAsync("q", new() { ["MessageRetentionPeriod"] = "60" });
        await host.Engine.SendAsync("q", "old");
        host.Clock.Advance(TimeSpan.FromSeconds(30));
        await host.Engine.SendAsync("q", "new");

        host.Clock.Advance(TimeSpan.FromSeconds(30));

        Assert.Equal(["new"], (await host.Engine.ReceiveAsync("q")).Select(m => m.Body));
    }

    [Fact]
    public async Task Receive_MaxNumberOfMessages_ReturnsAtMostThatMany()
    {
        await using var host = await QueueHost.StartAsync();
        await host.Engine.CreateAsync("q");
        for (var i = 0; i < 15; i++)
        {
            await host.Engine.SendAsync("q", $"m{i}");
        }

        Assert.Equal(10, (await host.Engine.ReceiveAsync("q", max: 10)).Count);
        Assert.Equal(5, (await host.Engine.ReceiveAsync("q", max: 10)).Count);
        await Assert.ThrowsAsync<QueueException>(async () => await host.Engine.ReceiveAsync("q", max: 11));
    }

    [Theory]
    [InlineData("bad \u0001 char", QueueErrorCode.InvalidMessageContents)]
    [InlineData("", QueueErrorCode.MissingParameter)]
    public async Task Send_InvalidBody_FailsAndStoresNothing(string body, QueueErrorCode expected)
    {
        await using var host = await QueueHost.StartAsync();
        await host.Engine.CreateAsync("q");

        var error = await host.Engine.SendFailsAsync("q", new SendMessageRequest { Body = body });

        Assert.Equal(expected, error.Code);
        Assert.Equal("0", await host.Engine.AttributeAsync("q", "ApproximateNumberOfMessages"));
    }

    /// <summary>AWS allows #x9 | #xA | #xD | #x20-#xD7FF | #xE000-#xFFFD | #x10000-#x10FFFF (API_SendMessage).</summary>
    [Theory]
    [InlineData("tab\tnewline\ncarriage\r", true)]
    [InlineData("\u0020\uD7FF\uE000\uFFFD", true)]
    [InlineData("a long plain line of text, longer than one vector register, then an emoji \uD83D\uDE00 and more", true)]
    [InlineData("a long plain line of text, longer than one vector register, then \u001F", false)]
    [InlineData("a long plain line of text, longer than one vector register, then \uFFFE", false)]
    [InlineData("\u0000", false)]
    public async Task Send_BodyCharacters_AreCheckedAgainstTheAllowedSet(string body, bool allowed)
    {
        await using var host = await QueueHost.StartAsync();
        await host.Engine.CreateAsync("q");

        if (allowed)
        {
            await host.Engine.SendAsync("q", body);
            Assert.Equal(body, Assert.Single(await host.Engine.ReceiveAsync("q", max: 1)).Body);
        }
        else
        {
            Assert.Equal(QueueErrorCode.InvalidMessageContents, (await host.Engine.SendFailsAsync("q", new SendMessageRequest { Body = body })).Code);
        }
    }

    /// <summary>Built here, not passed as theory data: that crosses a process boundary as UTF-8, which turns a lone surrogate into U+FFFD.</summary>
    [Fact]
    public async Task Send_LoneSurrogate_FailsWithInvalidMessageContents()
    {
        await using var host = await QueueHost.StartAsync();
        await host.Engine.CreateAsync("q");
        var line = "a long plain line of text, longer than one vector register";

        foreach (var body in new[] { line + '\uD83D', line + '\uDE00' + line, '\uD83D' + line })
        {
            Assert.Equal(QueueErrorCode.InvalidMessageContents, (await host.Engine.SendFailsAsync("q", new SendMessageRequest { Body = body })).Code);
        }
    }

    [Fact]
    public async Task Send_LargerThanMaximumMessageSize_Fails()
    {
        await using var host = await QueueHost.StartAsync();
        await host.Engine.CreateAsync("q", new() { ["MaximumMessageSize"] = "1024" });

        var error = await host.Engine.SendFailsAsync("q", new SendMessageRequest { Body = new string('x', 1025) });

        Assert.Equal(QueueErrorCode.InvalidParameterValue, error.Code);
        Assert.Contains("shorter than 1024 bytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_ElevenAttributesOrReservedName_Fails()
    {
        await using var host = await QueueHost.StartAsync();
        await host.Engine.CreateAsync("q");
        var eleven = Enumerable.Range(0, 11).ToDictionary(i => $"a{i}", _ => new MessageAttributeValue("String", "v", null));
        var reserved = new Dictionary<string, MessageAttributeValue> { ["AWS.thing"] = new("String", "v", null) };

        Assert.Equal(QueueErrorCode.InvalidParameterValue, (await host.Engine.SendFailsAsync("q", new SendMessageRequest { Body = "x", MessageAttributes = eleven })).Code);
        Assert.Equal(QueueErrorCode.InvalidParameterValue, (await host.Engine.SendFailsAsync("q", new SendMessageRequest { Body = "x", MessageAttributes = reserved })).Code);
    }

    [Fact]
    public async Task SendBatch_MixedEntries_StoresTheGoodOnesAndReportsTheBad()
    {
        await using var host = await QueueHost.StartAsync();
        await host.Engine.CreateAsync("q");

        var outcomes = await host.Engine.SendMessagesAsync("q", [new SendMessageRequest { Body = "ok" }, new SendMessageRequest { Body = "\u0002" }, new SendMessageRequest { Body = "ok too" }], Token);

        Assert.NotNull(outcomes[0].Result);
        Assert.Equal(QueueErrorCode.InvalidMessageContents, outcomes[1].Error!.Code);
        Assert.NotNull(outcomes[2].Result);
        Assert.Equal(["ok", "ok too"], (await host.Engine.ReceiveAsync("q")).Select(m => m.Body));
    }

    [Fact]
    public async Task ReceiveDelete_ThousandsOfCycles_KeepsCountsExactThroughCompaction()
    {
        await using var host = await QueueHost.StartAsync();
        await host.Engine.CreateAsync("q");
        var batch = Enumerable.Range(0, 10).Select(i => new SendMessageRequest { Body = $"m{i}" }).ToList();
        for (var i = 0; i < 500; i++)
        {
            await host.Engine.SendMessagesAsync("q", batch, Token);
        }

        var seen = 0;
        while (await host.Engine.ReceiveAsync("q", max: 10, visibility: 30) is { Count: > 0 } received)
        {
            seen += received.Count;
            var keep = received[^1];
            await host.Engine.DeleteAsync("q", [.. received.SkipLast(1).Select(m => m.ReceiptHandle)]);
            Assert.Null((await host.Engine.ChangeMessageVisibilityAsync("q", [new VisibilityChange(keep.ReceiptHandle, 600)], Token))[0]);
        }

        Assert.Equal(5000, seen);
        Assert.Equal("0", await host.Engine.AttributeAsync("q", "ApproximateNumberOfMessages"));
        Assert.Equal("500", await host.Engine.AttributeAsync("q", "ApproximateNumberOfMessagesNotVisible"));
        host.Clock.Advance(TimeSpan.FromSeconds(600));
        Assert.Equal("500", await host.Engine.AttributeAsync("q", "ApproximateNumberOfMessages"));
    }

    [Fact]
    public async Task Purge_DeletesEverythingAndASecondPurgeWithin60SecondsFails()
    {
        await using var host = await QueueHost.StartAsync();
        await host.Engine.CreateAsync("q");
        await host.Engine.SendAsync("q", "a");
        await host.Engine.SendAsync("q", "b");
        await host.Engine.ReceiveAsync("q", max: 1);

        await host.Engine.PurgeQueueAsync("q", Token);

        Assert.Equal(QueueErrorCode.PurgeQueueInProgress, (await QueueTesting.FailsAsync(() => host.Engine.PurgeQueueAsync("q", Token))).Code);
        host.Clock.Advance(TimeSpan.FromSeconds(31));
        Assert.Empty(await host.Engine.ReceiveAsync("q"));
        host.Clock.Advance(TimeSpan.FromSeconds(29));
        await host.Engine.PurgeQueueAsync("q", Token);
    }
}
