namespace PostOffice.Aws.Protocol;

/// <summary>
/// Writes the result of one action by shape, so that an action encodes its output once for both protocols: JSON
/// members and arrays, or the flattened XML elements of the query model. Null strings are omitted.
/// </summary>
internal interface IAwsOutput
{
    void WriteString(AwsMember member, string? value);

    void WriteString(AwsMember member, ReadOnlySpan<char> value);

    void WriteNumber(AwsMember member, long value);

    void WriteBoolean(AwsMember member, bool value);

    void WriteBlob(AwsMember member, ReadOnlySpan<byte> value);

    /// <summary>A JSON array of strings; in XML one element named <see cref="AwsMember.QueryName"/> per value.</summary>
    void WriteStringList(AwsMember member, IEnumerable<string> values);

    /// <summary>A JSON object; in XML one <c>&lt;QueryName&gt;&lt;keyName&gt;k&lt;/keyName&gt;&lt;valueName&gt;v&lt;/valueName&gt;&lt;/QueryName&gt;</c> per entry.</summary>
    void WriteStringMap(AwsMember member, string keyName, string valueName, IEnumerable<KeyValuePair<string, string>> entries);

    /// <summary>Starts a list of structures: a JSON array; in XML each item becomes an element named <see cref="AwsMember.QueryName"/>.</summary>
    void WriteStartStructureList(AwsMember member);

    void WriteStartStructure();

    void WriteEndStructure();

    void WriteEndStructureList();

    /// <summary>Starts a map of structures: a JSON object; in XML each entry is <c>&lt;QueryName&gt;&lt;keyName&gt;k&lt;/keyName&gt;&lt;valueName&gt;</c>...</summary>
    void WriteStartStructureMap(AwsMember member, string keyName, string valueName);

    void WriteStartStructureMapEntry(string key);

    void WriteEndStructureMapEntry();

    void WriteEndStructureMap();
}
