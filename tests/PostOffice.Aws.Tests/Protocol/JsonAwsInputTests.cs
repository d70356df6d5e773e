using System.Text.Json;
using PostOffice.Aws.Errors;
using PostOffice.Aws.Protocol;

namespace PostOffice.Aws.Tests.Protocol;

public sealed class JsonAwsInputTests
{
    private static JsonAwsInput Parse(string json) => new(JsonDocument.Parse(json).RootElement);

    [Fact]
    public void Getters_BotocoreShapes_ReadMembersByJsonName()
    {
        var input = Parse(
            """{"QueueUrl": "u", "MaxNumberOfMessages": 10, "AttributeNames": ["All"], "Attributes": {"A": "1"}, "Entries": [{"Id": "a"}], "MessageAttributes": {"b": {"BinaryValue": "AAE="}}, "Nothing": null}""");

        Assert.Equal("u", input.GetString(new AwsMember("QueueUrl")));
        Assert.Equal(10, input.GetInt32(new AwsMember("MaxNumberOfMessages")));
        Assert.Equal(["All"], input.GetStringList(new AwsMember("AttributeNames", "AttributeName")));
        Assert.Equal("1", input.GetStringMap(new AwsMember("Attributes", "Attribute"), "Name", "Value")["A"]);
        Assert.Equal("a", Assert.Single(input.GetStructureList(new AwsMember("Entries", "X"))).GetString(new AwsMember("Id")));
        var attribute = Assert.Single(input.GetStructureMap(new AwsMember("MessageAttributes", "MessageAttribute"), "Name", "Value"));
        Assert.Equal(new byte[] { 0, 1 }, attribute.Value.GetBlob(new AwsMember("BinaryValue")));
        Assert.Null(input.GetString(new AwsMember("Nothing")));
        Assert.Null(input.GetInt32(new AwsMember("Absent")));
        Assert.Empty(input.GetStringList(new AwsMember("Absent")));
    }

    [Theory]
    [InlineData("""{"M": 1}""", "string")]
    [InlineData("""{"M": "1"}""", "integer")]
    [InlineData("""{"M": 1.5}""", "integer")]
    [InlineData("""{"M": "a"}""", "list")]
    [InlineData("""{"M": ["a"]}""", "map")]
    [InlineData("""{"M": "!!"}""", "blob")]
    [InlineData("""{"M": "\ud800"}""", "string")]
    public void Getters_WrongJsonType_ThrowSerializationException(string json, string shape)
    {
        var input = Parse(json);
        var member = new AwsMember("M");
        Action read = shape switch
        {
            "string" => () => input.GetString(member),
            "integer" => () => input.GetInt32(member),
            "list" => () => input.GetStringList(member),
            "map" => () => input.GetStringMap(member, "Name", "Value"),
            _ => () => input.GetBlob(member),
        };

        Assert.Equal(AwsErrorCodes.SerializationException, Assert.Throws<AwsProtocolException>(read).Code);
    }

    [Fact]
    public void Constructor_RootNotAnObject_ThrowsSerializationException()
    {
        Assert.Equal(AwsErrorCodes.SerializationException, Assert.Throws<AwsProtocolException>(() => Parse("[]")).Code);
    }
}
