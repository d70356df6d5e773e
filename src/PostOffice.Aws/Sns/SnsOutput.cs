using PostOffice.Aws.Protocol;

namespace PostOffice.Aws.Sns;

/// <summary>
/// SNS's query XML wraps lists and maps (<c>&lt;Topics&gt;&lt;member&gt;...</c>, <c>&lt;Attributes&gt;&lt;entry&gt;&lt;key&gt;...</c>)
/// where SQS's are flattened; these helpers write the wrapper element through the shared output, and the plain shape
/// for JSON.
/// </summary>
internal static class SnsOutput
{
    private static readonly AwsMember Member = new("member");
    private static readonly AwsMember Entry = new("entry");

    public static void WriteStructureList<T>(IAwsOutput output, string name, IEnumerable<T> items, Action<IAwsOutput, T> writeItem)
    {
        if (output is XmlAwsOutput)
        {
            output.WriteStartStructureList(new AwsMember(name));
            output.WriteStartStructure();
            output.WriteStartStructureList(Member);
        }
        else
        {
            output.WriteStartStructureList(new AwsMember(name));
        }

        foreach (var item in items)
        {
            output.WriteStartStructure();
            writeItem(output, item);
            output.WriteEndStructure();
        }

        output.WriteEndStructureList();
        if (output is XmlAwsOutput)
        {
            output.WriteEndStructure();
            output.WriteEndStructureList();
        }
    }

    public static void WriteStringMap(IAwsOutput output, string name, IReadOnlyDictionary<string, string> entries)
    {
        if (output is XmlAwsOutput)
        {
            output.WriteStartStructureList(new AwsMember(name));
            output.WriteStartStructure();
            output.WriteStringMap(Entry, "key", "value", entries);
            output.WriteEndStructure();
            output.WriteEndStructureList();
        }
        else
        {
            output.WriteStringMap(new AwsMember(name), "key", "value", entries);
        }
    }
}
