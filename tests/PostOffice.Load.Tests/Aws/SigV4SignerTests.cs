using System.Text;
using PostOffice.Load.Aws;

namespace PostOffice.Load.Tests.Aws;

/// <summary>
/// Known answers from AWS's Signature Version 4 test suite (aws-sig-v4-test-suite: credentials AKIDEXAMPLE /
/// wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY, us-east-1, service "service", 20150830T123600Z) and from the
/// signing-key example of the SigV4 documentation (service "iam").
/// </summary>
public sealed class SigV4SignerTests
{
    private static readonly AwsCredentials SuiteCredentials = new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
    private static readonly DateTime SuiteTime = new(2015, 8, 30, 12, 36, 0, DateTimeKind.Utc);

    private static KeyValuePair<string, string>[] Headers(params (string Name, string Value)[] headers) =>
        [.. headers.Select(header => KeyValuePair.Create(header.Name, header.Value))];

    [Fact]
    public void CanonicalRequest_GetVanilla_MatchesTheSuite()
    {
        var headers = SigV4Signer.CanonicalHeaders(Headers(("Host", "example.amazonaws.com"), ("X-Amz-Date", "20150830T123600Z")), out var signed);
        var canonical = SigV4Signer.CanonicalRequest("GET", "/", string.Empty, headers, signed, SigV4Signer.HexSha256([]));

        Assert.Equal(
            "GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            canonical);
        Assert.Equal(
            "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/aws4_request\nbb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63",
            SigV4Signer.StringToSign("20150830T123600Z", "20150830/us-east-1/service/aws4_request", canonical));
    }

    [Fact]
    public void Sign_GetVanilla_MatchesTheSuite()
    {
        var signer = new SigV4Signer(SuiteCredentials, "us-east-1", "service");

        var authorization = signer.Sign("GET", "/", string.Empty, Headers(("host", "example.amazonaws.com"), ("x-amz-date", "20150830T123600Z")), [], SuiteTime);

        Assert.Equal(
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31",
            authorization);
    }

    [Fact]
    public void Sign_PostVanilla_MatchesTheSuite()
    {
        var signer = new SigV4Signer(SuiteCredentials, "us-east-1", "service");

        var authorization = signer.Sign("POST", "/", string.Empty, Headers(("host", "example.amazonaws.com"), ("x-amz-date", "20150830T123600Z")), [], SuiteTime);

        Assert.EndsWith("Signature=5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b", authorization, StringComparison.Ordinal);
    }

    [Fact]
    public void Sign_PostXWwwFormUrlencoded_SignsTheBodyAndContentType()
    {
        var signer = new SigV4Signer(SuiteCredentials, "us-east-1", "service");

        var authorization = signer.Sign(
            "POST", "/", string.Empty,
            Headers(("Content-Type", "application/x-www-form-urlencoded"), ("Host", "example.amazonaws.com"), ("X-Amz-Date", "20150830T123600Z")),
            Encoding.UTF8.GetBytes("Param1=value1"), SuiteTime);

        Assert.Equal(
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a",
            authorization);
    }

    [Fact]
    public void Sign_GetVanillaQueryOrderKeyCase_SortsTheQuery()
    {
        var signer = new SigV4Signer(SuiteCredentials, "us-east-1", "service");
        var query = SigV4Signer.CanonicalQuery([KeyValuePair.Create("Param2", "value2"), KeyValuePair.Create("Param1", "value1")]);

        var authorization = signer.Sign("GET", "/", query, Headers(("host", "example.amazonaws.com"), ("x-amz-date", "20150830T123600Z")), [], SuiteTime);

        Assert.Equal("Param1=value1&Param2=value2", query);
        Assert.EndsWith("Signature=b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500", authorization, StringComparison.Ordinal);
    }

    [Fact]
    public void Sign_HeaderValueWithRepeatedSpaces_IsTrimmedAndCollapsed()
    {
        // get-header-value-trim: my-header2 is "a   b   c" in quotes.
        var signer = new SigV4Signer(SuiteCredentials, "us-east-1", "service");

        var authorization = signer.Sign(
            "GET", "/", string.Empty,
            Headers(("host", "example.amazonaws.com"), ("My-Header1", " value1"), ("My-Header2", "\"a   b   c\""), ("x-amz-date", "20150830T123600Z")),
            [], SuiteTime);

        Assert.EndsWith("SignedHeaders=host;my-header1;my-header2;x-amz-date, Signature=acc3ed3afb60bb290fc8d2dd0098b9911fcaa05412b367055dee359757a9c736", authorization, StringComparison.Ordinal);
    }

    [Fact]
    public void SigningKey_DocumentationExample_MatchesTheKnownKey()
    {
        var key = SigV4Signer.SigningKey("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "20150830", "us-east-1", "iam");

        Assert.Equal("c4afb1cc5771d871763a393e44b703571b55cc28424d1a5e86da6ed3c154a4b9", Convert.ToHexStringLower(key));
    }

    [Theory]
    [InlineData("-._~azAZ09", "-._~azAZ09")]
    [InlineData("a b", "a%20b")]
    [InlineData("a+b/c=d", "a%2Bb%2Fc%3Dd")]
    [InlineData("\u1234", "%E1%88%B4")]
    public void UriEncode_KeepsOnlyUnreservedCharacters(string value, string expected)
    {
        Assert.Equal(expected, SigV4Signer.UriEncode(value));
    }
}
