using System.Text.Json;
using PostOffice.Aws.Errors;
using PostOffice.Aws.Sqs;
using PostOffice.Broker.Queues;

namespace PostOffice.Aws.Tests.Errors;

public sealed class AwsErrorCatalogTests
{
    public static TheoryData<string> QueueErrorCodes => [.. Enum.GetNames<QueueErrorCode>()];

    public static TheoryData<string> ProtocolErrorCodes => [.. AwsErrorCodes.All];

    [Theory]
    [MemberData(nameof(QueueErrorCodes))]
    public void SqsCatalog_EveryQueueErrorCode_IsDefinedBySqsItself(string code)
    {
        Assert.Contains(SqsService.Catalog.Definitions, definition => definition.Code == code);
    }

    [Theory]
    [MemberData(nameof(ProtocolErrorCodes))]
    public void SqsCatalog_EveryProtocolErrorCode_ResolvesWithCommonFallback(string code)
    {
        Assert.True(SqsService.Catalog.TryFind(code, out var definition));
        Assert.Equal(code, definition.Code);
    }

    [Fact]
    public void SqsCatalog_ModeledErrors_UseTheSqsShapeIdsAndQueryCodes()
    {
        Assert.Equal(
            new AwsErrorDefinition("QueueDoesNotExist", "com.amazonaws.sqs#QueueDoesNotExist", "AWS.SimpleQueueService.NonExistentQueue", 400, true, "The specified queue does not exist."),
            SqsService.Catalog.Find("QueueDoesNotExist"));
        Assert.Equal("com.amazonaws.sqs#QueueNameExists", SqsService.Catalog.Find("QueueAlreadyExists").JsonType);
        Assert.Equal("QueueAlreadyExists", SqsService.Catalog.Find("QueueAlreadyExists").QueryCode);
        Assert.Equal(403, SqsService.Catalog.Find("PurgeQueueInProgress").HttpStatus);
    }

    [Fact]
    public void SqsCatalog_EveryDefinition_IsUsableOnBothWires()
    {
        foreach (var definition in SqsService.Catalog.Definitions.Concat(AwsErrorCatalog.Common.Definitions))
        {
            Assert.Contains("#", definition.JsonType, StringComparison.Ordinal);
            Assert.DoesNotContain(";", definition.QueryCode, StringComparison.Ordinal);
            Assert.InRange(definition.HttpStatus, 400, 599);
            Assert.Equal(definition.HttpStatus < 500, definition.SenderFault);
            Assert.EndsWith(".", definition.DefaultMessage, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Find_UnknownCode_AnswersInternalFailure()
    {
        Assert.Equal(AwsErrorCodes.InternalFailure, SqsService.Catalog.Find("NoSuchCode").Code);
    }

    [Theory]
    [InlineData("""{"errors": [{"code": "A", "jsonType": "x#A", "queryCode": "A", "status": 400, "fault": "Sender", "message": "m"}, {"code": "A", "jsonType": "x#A", "queryCode": "A", "status": 400, "fault": "Sender", "message": "m"}]}""")]
    [InlineData("""{"errors": [{"code": "A", "jsonType": "x#A", "queryCode": "A", "status": 200, "fault": "Sender", "message": "m"}]}""")]
    [InlineData("""{"errors": [{"code": "A", "jsonType": "x#A", "queryCode": "A", "status": 400, "fault": "Client", "message": "m"}]}""")]
    [InlineData("""{"errors": [{"code": "A", "queryCode": "A", "status": 400, "fault": "Sender", "message": "m"}]}""")]
    [InlineData("""{"codes": []}""")]
    public void Parse_MalformedCatalog_ThrowsNamingTheProblem(string json)
    {
        using var document = JsonDocument.Parse(json);

        var exception = Assert.Throws<InvalidDataException>(() => AwsErrorCatalog.Parse(document.RootElement, "test.json", null));

        Assert.StartsWith("test.json:", exception.Message, StringComparison.Ordinal);
    }
}
