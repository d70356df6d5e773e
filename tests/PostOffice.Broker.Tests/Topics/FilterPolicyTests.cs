using PostOffice.Broker.Queues;
using PostOffice.Broker.Topics;

namespace PostOffice.Broker.Tests.Topics;

/// <summary>
/// The filter engine against AWS's documented examples: the message and policies of
/// https://docs.aws.amazon.com/sns/latest/dg/example-filter-policies.html, and the operators of
/// https://docs.aws.amazon.com/sns/latest/dg/string-value-matching.html, numeric-value-matching.html,
/// attribute-key-matching.html, and-or-logic.html, and the constraints of subscription-filter-policy-constraints.html.
/// </summary>
public sealed class FilterPolicyTests
{
    // The example message's attributes on the AWS page.
    private static readonly Dictionary<string, MessageAttributeValue> Attributes = new()
    {
        ["customer_interests"] = new("String.Array", "[\"soccer\", \"rugby\", \"hockey\"]", null),
        ["store"] = new("String", "example_corp", null),
        ["event"] = new("String", "order_placed", null),
        ["price_usd"] = new("Number", "210.75", null),
        ["source_ip"] = new("String", "10.0.0.255", null),
        ["image"] = new("Binary", null, [1, 2, 3]),
    };

    private const string Body = """
        {"store": "example_corp", "event": "order_placed", "price_usd": 210.75, "customer_interests": ["soccer", "rugby"],
         "order": {"type": "pickup", "items": [{"sku": "A1", "quantity": 2}, {"sku": "B2", "quantity": 1}]}, "gift": null, "express": true}
        """;

    [Theory]
    [InlineData("""{"store": ["example_corp"]}""", true)]
    [InlineData("""{"store": ["example_corp"], "event": ["order_cancelled"]}""", false)]
    [InlineData("""{"store": ["other_corp", "example_corp"]}""", true)]
    [InlineData("""{"store": ["Example_Corp"]}""", false)]
    [InlineData("""{"customer_interests": ["rugby"]}""", true)]
    [InlineData("""{"customer_interests": ["baseball", "basketball"]}""", false)]
    [InlineData("""{"event": [{"anything-but": "order_cancelled"}]}""", true)]
    [InlineData("""{"event": [{"anything-but": ["order_cancelled", "order_placed"]}]}""", false)]
    [InlineData("""{"event": [{"anything-but": {"prefix": "order"}}]}""", false)]
    [InlineData("""{"event": [{"anything-but": {"suffix": "cancelled"}}]}""", true)]
    [InlineData("""{"price_usd": [{"anything-but": [100, 200]}]}""", true)]
    [InlineData("""{"price_usd": [{"numeric": [">=", 100]}]}""", true)]
    [InlineData("""{"price_usd": [{"numeric": [">", 0, "<=", 150]}]}""", false)]
    [InlineData("""{"price_usd": [{"numeric": ["=", 210.75]}]}""", true)]
    [InlineData("""{"price_usd": [{"numeric": ["<", 210.75]}]}""", false)]
    [InlineData("""{"price_usd": [210.75]}""", true)]
    [InlineData("""{"event": [{"prefix": "order_"}]}""", true)]
    [InlineData("""{"event": [{"prefix": "bid"}]}""", false)]
    [InlineData("""{"event": [{"suffix": "_placed"}]}""", true)]
    [InlineData("""{"store": [{"equals-ignore-case": "EXAMPLE_CORP"}]}""", true)]
    [InlineData("""{"store": [{"exists": true}]}""", true)]
    [InlineData("""{"store": [{"exists": false}]}""", false)]
    [InlineData("""{"encrypted": [{"exists": false}]}""", true)]
    [InlineData("""{"encrypted": [{"exists": true}]}""", false)]
    [InlineData("""{"encrypted": ["yes"]}""", false)]
    [InlineData("""{"encrypted": [{"anything-but": "yes"}]}""", false)]
    [InlineData("""{"image": [{"exists": true}]}""", false)]
    [InlineData("""{"source_ip": [{"cidr": "10.0.0.0/24"}]}""", true)]
    [InlineData("""{"source_ip": [{"cidr": "10.0.1.0/24"}]}""", false)]
    [InlineData("""{"store": ["other"], "$or": [{"event": ["order_placed"]}, {"price_usd": [{"numeric": [">", 100]}]}]}""", false)]
    [InlineData("""{"store": ["example_corp"], "$or": [{"event": ["order_cancelled"]}, {"price_usd": [{"numeric": [">", 100]}]}]}""", true)]
    [InlineData("""{"$or": [{"event": ["order_cancelled"]}, {"price_usd": [{"numeric": ["<", 100]}]}]}""", false)]
    public void AttributePolicy_MatchesAsAwsDocuments(string policy, bool matches) =>
        Assert.Equal(matches, FilterPolicy.Parse(policy, FilterPolicyScope.MessageAttributes).Matches(Attributes));

    [Theory]
    [InlineData("""{"store": ["example_corp"]}""", true)]
    [InlineData("""{"order": {"type": ["pickup"]}}""", true)]
    [InlineData("""{"order": {"type": ["delivery"]}}""", false)]
    [InlineData("""{"order": {"items": {"sku": ["B2"]}}}""", true)]
    [InlineData("""{"order": {"items": {"quantity": [{"numeric": [">", 5]}]}}}""", false)]
    [InlineData("""{"customer_interests": ["rugby"]}""", true)]
    [InlineData("""{"gift": [null]}""", true)]
    [InlineData("""{"express": [true]}""", true)]
    [InlineData("""{"express": [false]}""", false)]
    [InlineData("""{"price_usd": [{"numeric": [">", 200, "<", 300]}]}""", true)]
    [InlineData("""{"order": {"coupon": [{"exists": false}]}}""", true)]
    [InlineData("""{"$or": [{"order": {"type": ["delivery"]}}, {"event": [{"prefix": "order"}]}]}""", true)]
    public void BodyPolicy_MatchesNestedKeysAsAwsDocuments(string policy, bool matches) =>
        Assert.Equal(matches, FilterPolicy.Parse(policy, FilterPolicyScope.MessageBody).Matches(Body));

    [Fact]
    public void BodyPolicy_NonJsonBody_MatchesNothing() =>
        Assert.False(FilterPolicy.Parse("""{"a": [{"exists": false}]}""", FilterPolicyScope.MessageBody).Matches("plain text"));

    [Theory]
    [InlineData("""{"a": ["1"], "b": ["1"], "c": ["1"], "d": ["1"], "e": ["1"], "f": ["1"]}""", "more than 5 keys")]
    [InlineData("""{"a": [1,2,3,4,5,6], "b": [1,2,3,4,5], "c": [1,2,3,4,5,6]}""", "too complex")]
    [InlineData("""{"a": {"b": ["c"]}}""", "does not support nested filter policy")]
    [InlineData("""{"a": [{"numeric": [">", 1000000001]}]}""", "Numeric value")]
    [InlineData("""{"a": [{"numeric": ["<", 5, ">", 1]}]}""", "Bad numeric range")]
    [InlineData("""{"a": [{"wildcard-ish": "x"}]}""", "Unrecognized match type")]
    [InlineData("""{"a": []}""", "Empty arrays")]
    [InlineData("""{"a": [{"exists": "yes"}]}""", "exists")]
    [InlineData("""{"a": [{"cidr": "10.0.0.0"}]}""", "CIDR")]
    [InlineData("""["a"]""", "JSON object")]
    [InlineData("""{"a": """, "failed to parse JSON")]
    public void Parse_PolicyAwsRefuses_FailsWithInvalidParameter(string policy, string reason)
    {
        var failure = Assert.Throws<TopicException>(() => FilterPolicy.Parse(policy, FilterPolicyScope.MessageAttributes));
        Assert.Equal(TopicErrorCode.InvalidParameter, failure.Code);
        Assert.Contains(reason, failure.Message, StringComparison.Ordinal);
    }
}
