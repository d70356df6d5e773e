namespace PostOffice.Aws.Protocol;

/// <summary>
/// A member of an input or output shape, named as each protocol names it. The JSON protocol uses the member name of
/// the current service model; the query protocol and its XML use the flattened <c>locationName</c> of the older
/// query model (SQS <c>MessageAttributes</c> is <c>MessageAttribute.N.Name</c> in a form and
/// <c>&lt;MessageAttribute&gt;</c> in XML).
/// </summary>
internal readonly record struct AwsMember(string JsonName, string QueryName)
{
    /// <summary>A member both protocols name alike.</summary>
    public AwsMember(string name)
        : this(name, name)
    {
    }
}
