using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using PostOffice.Compatibility.Tests.Harness;

namespace PostOffice.Compatibility.Tests.Sqs;

/// <summary>
/// Which wire protocol each client speaks, checked on a request it sends to a stand-in endpoint: so the suite knows
/// it covers both the AWS JSON 1.0 protocol (X-Amz-Target: AmazonSQS.*) and the query protocol (Action=...).
/// https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-making-api-requests-json.html
/// </summary>
[Trait("Category", "Compatibility")]
public sealed class ClientProtocolTests
{
    private const string EmptyListQueuesXml =
        "<ListQueuesResponse xmlns=\"http://queue.amazonaws.com/doc/2012-11-05/\"><ListQueuesResult/>" +
        "<ResponseMetadata><RequestId>00000000-0000-0000-0000-000000000000</RequestId></ResponseMetadata></ListQueuesResponse>";

    [Theory]
    [MemberData(nameof(SqsClients.All), MemberType = typeof(SqsClients))]
    public async Task Client_ListQueues_SendsTheProtocolOfItsGeneration(SqsClient client)
    {
        var requests = new ConcurrentQueue<(string Method, string Path, WebHeaderCollection Headers, string Body)>();
        await using var endpoint = LoopbackHttpServer.Start(async context =>
        {
            using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
            var body = await reader.ReadToEndAsync();
            var headers = new WebHeaderCollection { context.Request.Headers };
            requests.Enqueue((context.Request.HttpMethod, context.Request.Url!.AbsolutePath, headers, body));

            // An empty ListQueues result in the protocol the request used.
            var json = context.Request.Headers["X-Amz-Target"] is not null;
            context.Response.ContentType = json ? "application/x-amz-json-1.0" : "text/xml";
            var bytes = Encoding.UTF8.GetBytes(json ? "{}" : EmptyListQueuesXml);
            await context.Response.OutputStream.WriteAsync(bytes);
        });

        var run = (await ClientRunner.RunAsync(client, "protocol_probe", endpoint.Endpoint)).AssertCompleted();

        Assert.True(requests.Count == 1, $"[{client}] step 'listQueues': expected one request, got {requests.Count}");
        var (method, path, headers, body) = requests.Single();
        var userAgent = headers["User-Agent"] ?? string.Empty;
        TestContext.Current.TestOutputHelper?.WriteLine($"{client}: {headers["Content-Type"]}; X-Amz-Target: {headers["X-Amz-Target"]}; User-Agent: {userAgent}; body: {body}");
        var expectedAgent = client switch
        {
            SqsClient.AwsCliV1 => "aws-cli/1.",
            SqsClient.AwsCliV2 => "aws-cli/2.",
            SqsClient.Boto3Json or SqsClient.Boto3Query => "Boto3/1.",
            _ => "aws-sdk-js/3.",
        };

        run.Verify(() =>
        {
            run.Check(method == "POST" && path == "/", "listQueues", $"POST / (got {method} {path})");
            run.Check(userAgent.StartsWith(expectedAgent, StringComparison.Ordinal), "listQueues", $"a User-Agent starting {expectedAgent} (got {userAgent})");
            run.Check(
                headers["Authorization"]?.StartsWith($"AWS4-HMAC-SHA256 Credential={ClientRunner.AccessKeyId}/", StringComparison.Ordinal) == true
                    && headers["Authorization"]!.Contains($"/{SqsServerFixture.Region}/sqs/aws4_request", StringComparison.Ordinal),
                "listQueues",
                $"a SigV4 signature for sqs in {SqsServerFixture.Region} with the test key (got {headers["Authorization"]})");
            if (client.UsesJsonProtocol())
            {
                run.Check(headers["X-Amz-Target"] == "AmazonSQS.ListQueues", "listQueues", $"X-Amz-Target: AmazonSQS.ListQueues (got {headers["X-Amz-Target"]})");
                run.Check(headers["Content-Type"] == "application/x-amz-json-1.0", "listQueues", $"Content-Type: application/x-amz-json-1.0 (got {headers["Content-Type"]})");
                run.Check(headers["x-amzn-query-mode"] == "true", "listQueues", $"x-amzn-query-mode: true, the awsQueryCompatible marker (got {headers["x-amzn-query-mode"]})");
                run.Check(JsonPrefix(body) == "probe", "listQueues", $"the JSON body {{\"QueueNamePrefix\": \"probe\"}} (got {body})");
            }
            else
            {
                run.Check(headers["X-Amz-Target"] is null, "listQueues", $"no X-Amz-Target (got {headers["X-Amz-Target"]})");
                run.Check(
                    headers["Content-Type"]?.StartsWith("application/x-www-form-urlencoded", StringComparison.Ordinal) == true,
                    "listQueues",
                    $"Content-Type: application/x-www-form-urlencoded (got {headers["Content-Type"]})");
                run.Check(body == "Action=ListQueues&Version=2012-11-05&QueueNamePrefix=probe", "listQueues", $"the form Action=ListQueues&Version=2012-11-05&QueueNamePrefix=probe (got {body})");
            }
        });
    }

    private static string? JsonPrefix(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.TryGetProperty("QueueNamePrefix", out var prefix) ? prefix.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
