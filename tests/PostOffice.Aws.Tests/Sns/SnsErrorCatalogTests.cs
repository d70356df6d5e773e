using PostOffice.Aws.Errors;
using PostOffice.Aws.Sns;
using PostOffice.Broker.Topics;

namespace PostOffice.Aws.Tests.Sns;

public sealed class SnsErrorCatalogTests
{
    public static TheoryData<string> TopicErrorCodes => [.. Enum.GetNames<TopicErrorCode>()];

    [Theory]
    [MemberData(nameof(TopicErrorCodes))]
    public void SnsCatalog_EveryTopicErrorCode_IsDefinedBySnsItself(string code) =>
        Assert.Contains(SnsService.Catalog.Definitions, definition => definition.Code == code);

    /// <summary>https://docs.aws.amazon.com/sns/latest/api/CommonErrors.html and the Errors of API_Publish.html.</summary>
    [Fact]
    public void SnsCatalog_UsesSnsQueryCodesAndStatuses()
    {
        Assert.Equal(("NotFound", 404), (SnsService.Catalog.Find("NotFound").QueryCode, SnsService.Catalog.Find("NotFound").HttpStatus));
        Assert.Equal(("InvalidParameter", 400), (SnsService.Catalog.Find("InvalidParameter").QueryCode, SnsService.Catalog.Find("InvalidParameter").HttpStatus));
        Assert.Equal("ParameterValueInvalid", SnsService.Catalog.Find("InvalidParameterValue").QueryCode);
        Assert.Equal(403, SnsService.Catalog.Find("AuthorizationError").HttpStatus);
        foreach (var definition in SnsService.Catalog.Definitions)
        {
            Assert.StartsWith("com.amazonaws.sns#", definition.JsonType, StringComparison.Ordinal);
            Assert.EndsWith(".", definition.DefaultMessage, StringComparison.Ordinal);
        }

        Assert.True(SnsService.Catalog.TryFind(AwsErrorCodes.InvalidAction, out _));
    }
}
