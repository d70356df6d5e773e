using System.Globalization;
using PostOffice.Broker.Queues;

namespace PostOffice.Aws.Sqs;

/// <summary>
/// Which system attributes a ReceiveMessage caller asked for, from AttributeNames (deprecated) and
/// MessageSystemAttributeNames together; names that are not message system attributes (queue attribute names were
/// once allowed in AttributeNames) are ignored, as AWS ignores them.
/// </summary>
internal readonly struct SystemAttributeSelection
{
    // In the order of the MessageSystemAttributeName enum of the service model, which is the order they are written in.
    private static readonly string[] Names =
    [
        "SenderId", "SentTimestamp", "ApproximateReceiveCount", "ApproximateFirstReceiveTimestamp", "SequenceNumber",
        "MessageDeduplicationId", "MessageGroupId", "AWSTraceHeader", "DeadLetterQueueSourceArn",
    ];

    private readonly int _selected;

    private SystemAttributeSelection(int selected)
    {
        _selected = selected;
    }

    public bool IsEmpty => _selected == 0;

    public static SystemAttributeSelection From(IEnumerable<string> requested)
    {
        var selected = 0;
        foreach (var name in requested)
        {
            if (name == "All")
            {
                return new SystemAttributeSelection((1 << Names.Length) - 1);
            }

            var index = Array.IndexOf(Names, name);
            if (index >= 0)
            {
                selected |= 1 << index;
            }
        }

        return new SystemAttributeSelection(selected);
    }

    /// <summary>The selected attributes the message has, as AWS formats them: numbers and epoch milliseconds as strings.</summary>
    public IEnumerable<KeyValuePair<string, string>> Select(MessageSystemProperties system)
    {
        for (var i = 0; i < Names.Length; i++)
        {
            if ((_selected & (1 << i)) != 0 && Value(i, system) is { } value)
            {
                yield return new(Names[i], value);
            }
        }
    }

    private static string? Value(int index, MessageSystemProperties system) => index switch
    {
        0 => system.SenderId,
        1 => system.SentTimestamp.ToString(CultureInfo.InvariantCulture),
        2 => system.ApproximateReceiveCount.ToString(CultureInfo.InvariantCulture),
        3 => system.ApproximateFirstReceiveTimestamp.ToString(CultureInfo.InvariantCulture),
        4 => system.SequenceNumber,
        5 => system.MessageDeduplicationId,
        6 => system.MessageGroupId,
        7 => system.AwsTraceHeader,
        _ => system.DeadLetterQueueSourceArn,
    };
}
