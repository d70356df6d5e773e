using System.Net;
using PostOffice.Load.Aws;
using PostOffice.Load.CommandLine;
using PostOffice.Load.Mqtt.Packets;

namespace PostOffice.Load.Tests.CommandLine;

public sealed class ArgumentValidationTests
{
    private static (LoadRequest? Request, IReadOnlyList<string> Errors) Parse(params string[] args) => new LoadCommandLine().Parse(args);

    private static string SingleError(params string[] args)
    {
        var (request, errors) = Parse(args);
        Assert.Null(request);
        return Assert.Single(errors);
    }

    [Fact]
    public void MqttPubSub_Defaults_ParseToLoopbackAndBoundedRun()
    {
        var (request, errors) = Parse("mqtt-pubsub");

        Assert.Empty(errors);
        var settings = Assert.IsType<MqttPubSubRequest>(request).Settings;
        Assert.Equal(new IPEndPoint(IPAddress.Loopback, 1883), settings.Server);
        Assert.Equal(MqttProtocolVersion.V311, settings.Version);
        Assert.Equal(TimeSpan.FromSeconds(10), settings.Duration);
        Assert.Equal(0, settings.Rate);
    }

    [Fact]
    public void MqttPubSub_Qos3_IsRejected()
    {
        Assert.Equal("--qos 3: must be 0, 1 or 2", SingleError("mqtt-pubsub", "--qos", "3"));
    }

    [Fact]
    public void MqttPubSub_NegativeRate_IsRejected()
    {
        Assert.StartsWith("--rate -5: must be 0 (maximum rate) or a positive number", SingleError("mqtt-pubsub", "--rate", "-5"));
    }

    [Theory]
    [InlineData("10.0.0.5")]
    [InlineData("192.168.1.10")]
    [InlineData("8.8.8.8")]
    [InlineData("::2")]
    public void MqttPubSub_NonLoopbackHost_IsRejectedWithTheRule(string host)
    {
        var error = SingleError("mqtt-pubsub", "--host", host);

        Assert.Equal($"--host {host} is not a loopback address; {LoopbackAddresses.Rule}", error);
    }

    [Fact]
    public void MqttPubSub_HostName_IsRejectedUnresolved()
    {
        Assert.Equal($"--host 'broker.example.com' is not an IP address; {LoopbackAddresses.Rule}", SingleError("mqtt-pubsub", "--host", "broker.example.com"));
    }

    [Theory]
    [InlineData("localhost")]
    [InlineData("127.0.0.7")]
    [InlineData("::1")]
    public void MqttPubSub_LoopbackHost_IsAccepted(string host)
    {
        var (request, errors) = Parse("mqtt-pubsub", "--host", host);

        Assert.Empty(errors);
        Assert.True(IPAddress.IsLoopback(Assert.IsType<MqttPubSubRequest>(request).Settings.Server.Address));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("3601")]
    public void MqttPubSub_DurationOutsideBounds_IsRejected(string seconds)
    {
        Assert.StartsWith($"--duration {seconds}: must be between 0.1 and 3600 seconds", SingleError("mqtt-pubsub", "--duration", seconds));
    }

    [Fact]
    public void MqttPubSub_PayloadSmallerThanHeader_IsRejected()
    {
        Assert.Equal("--payload-size 19: must be between 20 and 1,048,576 bytes", SingleError("mqtt-pubsub", "--payload-size", "19"));
    }

    [Fact]
    public void MqttPubSub_UnknownProtocol_IsRejected()
    {
        Assert.Equal("--protocol 3.1: must be 3.1.1 or 5.0", SingleError("mqtt-pubsub", "--protocol", "3.1"));
    }

    [Fact]
    public void MqttPubSub_SeveralMistakes_AreAllReported()
    {
        var (request, errors) = Parse("mqtt-pubsub", "--qos", "3", "--rate", "-1", "--publishers", "0");

        Assert.Null(request);
        Assert.Equal(3, errors.Count);
    }

    [Fact]
    public void MqttIdle_ZeroConnections_IsRejected()
    {
        Assert.Equal("--connections 0: must be between 1 and 1,000,000", SingleError("mqtt-idle", "--connections", "0"));
    }

    [Fact]
    public void MqttIdle_HoldAboveAnHour_IsRejected()
    {
        Assert.StartsWith("--hold 7200: must be between 0.1 and 3600 seconds", SingleError("mqtt-idle", "--hold", "7200"));
    }

    [Fact]
    public void MqttIdle_NonLoopbackSource_IsRejected()
    {
        Assert.Equal("--sources: '10.0.0.2' is not an IPv4 loopback address (127.x.y.z)", SingleError("mqtt-idle", "--sources", "10.0.0.2"));
    }

    [Fact]
    public void MqttIdle_NonLoopbackMetricsUrl_IsRejected()
    {
        Assert.Equal(
            $"--metrics-url http://10.1.1.1:4566/metrics: 10.1.1.1 is not a loopback address; {LoopbackAddresses.Rule}",
            SingleError("mqtt-idle", "--metrics-url", "http://10.1.1.1:4566/metrics"));
    }

    [Fact]
    public void MqttIdle_SourceCount_ExpandsFrom127002()
    {
        var (request, errors) = Parse("mqtt-idle", "--sources", "3", "--processes", "2");

        Assert.Empty(errors);
        var settings = Assert.IsType<MqttIdleRequest>(request).Settings;
        Assert.Equal(["127.0.0.2", "127.0.0.3", "127.0.0.4"], settings.SourceAddresses.Select(address => address.ToString()));
        Assert.Equal(2, settings.Processes);
    }

    [Fact]
    public void MqttIdle_TooManyProcesses_IsRejected()
    {
        Assert.Equal("--processes 65: must be between 1 and 64", SingleError("mqtt-idle", "--processes", "65"));
    }

    [Fact]
    public void Sqs_NonLoopbackEndpoint_IsRejected()
    {
        Assert.Equal(
            $"--endpoint https://sqs.us-east-1.amazonaws.com/: 'sqs.us-east-1.amazonaws.com' is not an IP address; {LoopbackAddresses.Rule}",
            SingleError("sqs", "--endpoint", "https://sqs.us-east-1.amazonaws.com/"));
    }

    [Fact]
    public void Sqs_BatchOfEleven_IsRejected()
    {
        Assert.Equal("--batch-size 11: must be between 1 and 10 (SQS batches hold at most 10 entries)", SingleError("sqs", "--operation", "send-batch", "--batch-size", "11"));
    }

    [Fact]
    public void Sqs_UnknownOperation_IsAParseError()
    {
        var (request, errors) = Parse("sqs", "--operation", "purge");

        Assert.Null(request);
        Assert.Contains("purge", Assert.Single(errors), StringComparison.Ordinal);
    }

    [Fact]
    public void Kinesis_PutRecords_ParsesOperationAndShards()
    {
        var (request, errors) = Parse("kinesis", "--operation", "put-records", "--batch-size", "500", "--shards", "4", "--endpoint", "http://localhost:5000");

        Assert.Empty(errors);
        var settings = Assert.IsType<AwsLoadRequest>(request).Settings;
        Assert.Equal(AwsOperation.KinesisPutRecords, settings.Operation);
        Assert.Equal(4, settings.Shards);
        Assert.Equal("kinesis-put-records", settings.Mode);
    }

    [Fact]
    public void Sns_ZeroClients_IsRejected()
    {
        Assert.Equal("--clients 0: must be between 1 and 1,024", SingleError("sns", "--clients", "0"));
    }

    [Fact]
    public void Sns_Subscriptions_ParseIntoADeliveryCountingRun()
    {
        var (request, errors) = Parse("sns", "--subscriptions", "10", "--raw", "--consumers", "3", "--wait-time", "5", "--drain", "2");

        Assert.Empty(errors);
        var settings = Assert.IsType<AwsLoadRequest>(request).Settings;
        Assert.Equal(AwsOperation.SnsPublish, settings.Operation);
        Assert.Equal("sns-publish", settings.Mode);
        Assert.Equal(10, settings.Subscriptions);
        Assert.True(settings.RawMessageDelivery);
        Assert.Equal(3, settings.ConsumersPerQueue);
        Assert.Equal(5, settings.WaitTimeSeconds);
        Assert.Equal(TimeSpan.FromSeconds(2), settings.Drain);
        Assert.True(settings.TracksDeliveries);
    }

    [Fact]
    public void Sns_HttpPush_ParsesRate()
    {
        var (request, errors) = Parse("sns", "--operation", "http-push", "--rate", "1000", "--clients", "32");

        Assert.Empty(errors);
        var settings = Assert.IsType<AwsLoadRequest>(request).Settings;
        Assert.Equal(AwsOperation.SnsHttpPush, settings.Operation);
        Assert.Equal("sns-http-push", settings.Mode);
        Assert.Equal(1000, settings.Rate);
        Assert.True(settings.TracksDeliveries);
    }

    [Fact]
    public void Sns_HttpPushWithSubscriptions_IsRejected()
    {
        Assert.Equal(
            "--subscriptions applies to --operation publish; http-push subscribes one HTTP endpoint",
            SingleError("sns", "--operation", "http-push", "--subscriptions", "2"));
    }

    [Fact]
    public void Sns_PayloadShorterThanTheStamp_IsRejectedWhenDeliveriesAreCounted()
    {
        Assert.StartsWith("--payload-size 41: must be at least 42 bytes", SingleError("sns", "--subscriptions", "1", "--payload-size", "41"), StringComparison.Ordinal);
        Assert.Empty(Parse("sns", "--payload-size", "1").Errors);
    }

    [Fact]
    public void Sns_WaitTimeAboveTwenty_IsRejected()
    {
        Assert.StartsWith("--wait-time 21: must be between 0 and 20", SingleError("sns", "--subscriptions", "1", "--wait-time", "21"), StringComparison.Ordinal);
    }

    [Fact]
    public void Sqs_NegativeRate_IsRejected()
    {
        Assert.StartsWith("--rate -1: must be 0 (maximum rate) or a positive number", SingleError("sqs", "--rate", "-1"), StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_CommonOptions_ReachTheRequest()
    {
        var (request, errors) = Parse("sqs", "--label", "moto", "--format", "json", "--json-file", "/tmp/x.jsonl");

        Assert.Empty(errors);
        Assert.Equal(new OutputSettings("moto", OutputFormat.Json, "/tmp/x.jsonl"), request!.Output);
    }

    [Fact]
    public async Task InvokeAsync_InvalidArguments_ExitsWithUsageAndRunsNothing()
    {
        var ran = false;
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exitCode = await new LoadCommandLine().InvokeAsync(
            ["mqtt-pubsub", "--qos", "3"], (_, _) => { ran = true; return Task.FromResult(0); }, output, error);

        Assert.Equal(ExitCodes.Usage, exitCode);
        Assert.False(ran);
        Assert.Equal("postoffice-load: --qos 3: must be 0, 1 or 2", error.ToString().Trim());
    }

    [Theory]
    [InlineData("sqs")]
    [InlineData("mqtt-pubsub")]
    [InlineData("mqtt-idle")]
    public async Task InvokeAsync_VerbHelp_PrintsTheVerbsOptionsAndRunsNothing(string verb)
    {
        var ran = false;
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exitCode = await new LoadCommandLine().InvokeAsync(
            [verb, "--help"], (_, _) => { ran = true; return Task.FromResult(0); }, output, error);

        Assert.Equal(0, exitCode);
        Assert.False(ran);
        Assert.Contains("--format", output.ToString(), StringComparison.Ordinal);
    }
}
