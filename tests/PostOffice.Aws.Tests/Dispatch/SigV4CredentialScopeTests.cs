using PostOffice.Aws.Dispatch;

namespace PostOffice.Aws.Tests.Dispatch;

public sealed class SigV4CredentialScopeTests
{
    [Fact]
    public void TryParseAuthorization_BotocoreHeader_ReadsKeyDateRegionAndService()
    {
        const string header = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261121/eu-west-1/sqs/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=5902d2e4";

        Assert.True(SigV4CredentialScope.TryParseAuthorization(header, out var scope));

        Assert.Equal(new SigV4CredentialScope("AKIDEXAMPLE", "20261121", "eu-west-1", "sqs"), scope);
    }

    [Fact]
    public void TryParseAuthorization_CredentialLastWithoutComma_ReadsIt()
    {
        Assert.True(SigV4CredentialScope.TryParseAuthorization("AWS4-HMAC-SHA256 Credential=K/20260101/us-east-1/sns/aws4_request", out var scope));

        Assert.Equal("sns", scope.Service);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Bearer token")]
    [InlineData("AWS AKID:signature")]
    [InlineData("AWS4-HMAC-SHA256 SignedHeaders=host")]
    [InlineData("AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/sqs")]
    [InlineData("AWS4-HMAC-SHA256 Credential=AKID/20260101//sqs/aws4_request")]
    [InlineData("AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/sqs/aws4_request/x")]
    public void TryParseAuthorization_NotASigV4Credential_ReturnsFalse(string? header)
    {
        Assert.False(SigV4CredentialScope.TryParseAuthorization(header, out _));
    }
}
