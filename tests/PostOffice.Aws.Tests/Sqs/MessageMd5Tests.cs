using PostOffice.Aws.Sqs;
using PostOffice.Broker.Queues;

namespace PostOffice.Aws.Tests.Sqs;

/// <summary>The vectors of the aws-md5-of-message-attributes package docs; boto3 and the SDKs reject a wrong digest.</summary>
public sealed class MessageMd5Tests
{
    private static readonly KeyValuePair<string, MessageAttributeValue> StringAttribute =
        new("attribName1", new MessageAttributeValue("String", "attribValue 1", null));

    private static readonly KeyValuePair<string, MessageAttributeValue> NumberAttribute =
        new("customNumberTypeAttrib", new MessageAttributeValue("Number.float", "4563442423554324324264524243.32543234", null));

    private static readonly KeyValuePair<string, MessageAttributeValue> BinaryAttribute =
        new("binaryAttribute", new MessageAttributeValue("Binary", null, "Hello binary world!"u8.ToArray()));

    public static TheoryData<string, KeyValuePair<string, MessageAttributeValue>[]> Vectors => new()
    {
        { "19e27d4e946b072f3f58da80d94fd778", [StringAttribute] },
        { "9fe1b90bbd9965bdf77bac517c7d2495", [NumberAttribute] },
        { "31a92b15d92f8db860eda32aceb656c3", [BinaryAttribute] },
        { "c932db14a896c663f83c260297d594ff", [BinaryAttribute, StringAttribute, NumberAttribute] },
    };

    [Theory]
    [MemberData(nameof(Vectors))]
    public void TryAttributesHex_PackageVectors_MatchInAnyInputOrder(string expected, KeyValuePair<string, MessageAttributeValue>[] attributes)
    {
        Span<char> hex = stackalloc char[MessageMd5.HexLength];

        Assert.True(MessageMd5.TryAttributesHex(attributes, hex));

        Assert.Equal(expected, hex.ToString());
    }

    [Fact]
    public void TryAttributesHex_NoAttributes_ReturnsFalse()
    {
        Assert.False(MessageMd5.TryAttributesHex([], new char[MessageMd5.HexLength]));
    }

    [Theory]
    [InlineData("", "d41d8cd98f00b204e9800998ecf8427e")]
    [InlineData("hello\r\nworld <&> \"q\"", "81b0605a90767fa1857cccc5ef8bb51d")]
    [InlineData("caf\u00e9 \U0001F600 <x>", "281ec18167ff3426a575c63b301e9a21")]
    public void Body_Utf8Body_MatchesMd5OfItsBytes(string body, string expected)
    {
        Span<char> hex = stackalloc char[MessageMd5.HexLength];

        MessageMd5.Hex(MessageMd5.Body(body), hex);

        Assert.Equal(expected, hex.ToString());
    }

    [Fact]
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA5351:Do Not Use Broken Cryptographic Algorithms", Justification = "The reference MD5 the digest is checked against.")]
    public void Body_LongerThanTheStackBuffer_MatchesThePlatformMd5()
    {
        var body = string.Concat(Enumerable.Repeat("caf\u00e9 \U0001F600 ", 400));

        Assert.Equal(System.Security.Cryptography.MD5.HashData(System.Text.Encoding.UTF8.GetBytes(body)), MessageMd5.Body(body));
    }
}
