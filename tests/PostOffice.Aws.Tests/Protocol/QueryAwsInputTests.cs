using PostOffice.Aws.Errors;
using PostOffice.Aws.Protocol;

namespace PostOffice.Aws.Tests.Protocol;

public sealed class QueryAwsInputTests
{
    private static QueryAwsInput Parse(string form)
    {
        var parameters = new QueryParameters();
        Assert.True(parameters.TryAdd(System.Text.Encoding.UTF8.GetBytes(form)));
        return new QueryAwsInput(parameters);
    }

    [Fact]
    public void GetStringMap_AttributeNameValuePairs_ReadsByIndex()
    {
        var input = Parse("Attribute.2.Name=DelaySeconds&Attribute.2.Value=5&Attribute.1.Name=VisibilityTimeout&Attribute.1.Value=30");

        var map = input.GetStringMap(new AwsMember("Attributes", "Attribute"), "Name", "Value");

        Assert.Equal([new("VisibilityTimeout", "30"), new("DelaySeconds", "5")], map.ToList());
    }

    [Fact]
    public void GetStringMap_EntryWithoutKey_ThrowsMissingParameterNamingIt()
    {
        var input = Parse("Tag.1.Value=v");

        var exception = Assert.Throws<AwsProtocolException>(() => input.GetStringMap(new AwsMember("Tags", "Tag"), "Key", "Value"));

        Assert.Equal(AwsErrorCodes.MissingParameter, exception.Code);
        Assert.Equal("The request must contain the parameter Tag.1.Key.", exception.Message);
    }

    [Fact]
    public void GetStringList_NumberedValues_ReadsInIndexOrder()
    {
        var input = Parse("AttributeName.2=QueueArn&AttributeName.1=All");

        Assert.Equal(["All", "QueueArn"], input.GetStringList(new AwsMember("AttributeNames", "AttributeName")));
    }

    [Fact]
    public void GetStructureMap_NestedInBatchEntry_ReadsMessageAttributeValues()
    {
        var input = Parse(
            "SendMessageBatchRequestEntry.1.Id=a&SendMessageBatchRequestEntry.1.MessageAttribute.1.Name=s" +
            "&SendMessageBatchRequestEntry.1.MessageAttribute.1.Value.DataType=String&SendMessageBatchRequestEntry.1.MessageAttribute.1.Value.StringValue=x" +
            "&SendMessageBatchRequestEntry.1.MessageAttribute.2.Name=b&SendMessageBatchRequestEntry.1.MessageAttribute.2.Value.DataType=Binary" +
            "&SendMessageBatchRequestEntry.1.MessageAttribute.2.Value.BinaryValue=AAE%3D");

        var entry = Assert.Single(input.GetStructureList(new AwsMember("Entries", "SendMessageBatchRequestEntry")));
        var attributes = entry.GetStructureMap(new AwsMember("MessageAttributes", "MessageAttribute"), "Name", "Value");

        Assert.Equal("a", entry.GetString(new AwsMember("Id")));
        Assert.Equal(["s", "b"], attributes.Select(attribute => attribute.Key));
        Assert.Equal("x", attributes[0].Value.GetString(new AwsMember("StringValue")));
        Assert.Equal(new byte[] { 0, 1 }, attributes[1].Value.GetBlob(new AwsMember("BinaryValue")));
        Assert.Equal("SendMessageBatchRequestEntry.1.MessageAttribute.2.Value.DataType", attributes[1].Value.NameOf(new AwsMember("DataType")));
    }

    [Theory]
    [InlineData("MaxNumberOfMessages=ten")]
    [InlineData("MaxNumberOfMessages=99999999999")]
    public void GetInt32_NotAnInteger_ThrowsInvalidParameterValue(string form)
    {
        var exception = Assert.Throws<AwsProtocolException>(() => Parse(form).GetInt32(new AwsMember("MaxNumberOfMessages")));

        Assert.Equal(AwsErrorCodes.InvalidParameterValue, exception.Code);
    }

    [Fact]
    public void GetInt32_NegativeNumber_ReadsIt()
    {
        Assert.Equal(-5, Parse("DelaySeconds=-5").GetInt32(new AwsMember("DelaySeconds")));
    }

    [Fact]
    public void GetBlob_NotBase64_ThrowsInvalidParameterValue()
    {
        var exception = Assert.Throws<AwsProtocolException>(() => Parse("BinaryValue=%21%21").GetBlob(new AwsMember("BinaryValue")));

        Assert.Equal(AwsErrorCodes.InvalidParameterValue, exception.Code);
    }
}
