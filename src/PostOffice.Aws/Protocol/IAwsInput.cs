namespace PostOffice.Aws.Protocol;

/// <summary>
/// The parameters of one request (or of one structure inside it), read by shape rather than by wire format, so that
/// an action decodes its input once for both protocols. Absent members read as null or empty; a value of the wrong
/// type throws <see cref="Errors.AwsProtocolException"/> with the protocol's code (SerializationException for JSON,
/// InvalidParameterValue for query).
/// </summary>
internal interface IAwsInput
{
    AwsProtocol Protocol { get; }

    /// <summary>The member's name as the caller spelled it (for error messages): <c>Entries</c> or <c>SendMessageBatchRequestEntry.2.Id</c>.</summary>
    string NameOf(AwsMember member);

    string? GetString(AwsMember member);

    int? GetInt32(AwsMember member);

    /// <summary>A blob: base64 on both wires.</summary>
    byte[]? GetBlob(AwsMember member);

    /// <summary>A list of strings: a JSON array, or <c>Name.1</c>, <c>Name.2</c>... in a form.</summary>
    IReadOnlyList<string> GetStringList(AwsMember member);

    /// <summary>A map of strings: a JSON object, or <c>Name.N.{keyName}</c> and <c>Name.N.{valueName}</c> in a form.</summary>
    IReadOnlyDictionary<string, string> GetStringMap(AwsMember member, string keyName, string valueName);

    /// <summary>A list of structures: a JSON array of objects, or <c>Name.N.Member</c> in a form.</summary>
    IReadOnlyList<IAwsInput> GetStructureList(AwsMember member);

    /// <summary>A map of structures: a JSON object of objects, or <c>Name.N.{keyName}</c> and <c>Name.N.{valueName}.Member</c> in a form.</summary>
    IReadOnlyList<KeyValuePair<string, IAwsInput>> GetStructureMap(AwsMember member, string keyName, string valueName);
}
