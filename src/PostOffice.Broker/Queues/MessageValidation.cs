using System.Globalization;
using System.Text;

namespace PostOffice.Broker.Queues;

/// <summary>SendMessage's input rules, worded as AWS words the errors.</summary>
internal static class MessageValidation
{
    private const string AllowedCharacters = "#x9 | #xA | #xD | #x20 to #xD7FF | #xE000 to #xFFFD | #x10000 to #x10FFFF";

    /// <summary>Returns the error for an invalid message, or null; <paramref name="size"/> is its size as AWS counts it.</summary>
    public static QueueError? Validate(SendMessageRequest request, QueueSettings settings, out int size)
    {
        size = 0;
        if (string.IsNullOrEmpty(request.Body))
        {
            return new QueueError(QueueErrorCode.MissingParameter, "The request must contain the parameter MessageBody.");
        }

        if (FindInvalidCharacter(request.Body) is { } bad)
        {
            return new QueueError(QueueErrorCode.InvalidMessageContents, $"Invalid binary character '#x{bad:X}' was found in the message body, the set of allowed characters is {AllowedCharacters}");
        }

        size = Encoding.UTF8.GetByteCount(request.Body);
        if (ValidateAttributes(request.MessageAttributes, ref size) is { } attributeError)
        {
            return attributeError;
        }

        if (size > settings.MaximumMessageSize)
        {
            return new QueueError(QueueErrorCode.InvalidParameterValue, $"One or more parameters are invalid. Reason: Message must be shorter than {settings.MaximumMessageSize} bytes.");
        }

        foreach (var (name, value) in request.MessageSystemAttributes)
        {
            if (name != "AWSTraceHeader" || !value.DataType.Equals("String", StringComparison.Ordinal) || string.IsNullOrEmpty(value.StringValue))
            {
                return new QueueError(QueueErrorCode.InvalidParameterValue, $"Message system attribute name '{name}' is invalid.");
            }
        }

        if (request.DelaySeconds is { } delay && (delay < 0 || delay > 900))
        {
            return new QueueError(QueueErrorCode.InvalidParameterValue, $"Value {delay} for parameter DelaySeconds is invalid. Reason: DelaySeconds must be >= 0 and <= 900.");
        }

        return settings.IsFifo ? ValidateFifo(request, settings) : ValidateStandard(request);
    }

    private static QueueError? ValidateFifo(SendMessageRequest request, QueueSettings settings)
    {
        if (request.DelaySeconds is { } delay && delay != 0)
        {
            return new QueueError(QueueErrorCode.InvalidParameterValue, $"Value {delay} for parameter DelaySeconds is invalid. Reason: The request include parameter that is not valid for this queue type.");
        }

        if (string.IsNullOrEmpty(request.MessageGroupId))
        {
            return new QueueError(QueueErrorCode.MissingParameter, "The request must contain the parameter MessageGroupId.");
        }

        if (!IsValidId(request.MessageGroupId))
        {
            return new QueueError(QueueErrorCode.InvalidParameterValue, $"Value {request.MessageGroupId} for parameter MessageGroupId is invalid. Reason: MessageGroupId can only include alphanumeric and punctuation characters. 1 to 128 in length.");
        }

        if (request.MessageDeduplicationId is null)
        {
            return settings.ContentBasedDeduplication
                ? null
                : new QueueError(QueueErrorCode.InvalidParameterValue, "The queue should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly");
        }

        return IsValidId(request.MessageDeduplicationId)
            ? null
            : new QueueError(QueueErrorCode.InvalidParameterValue, $"Value {request.MessageDeduplicationId} for parameter MessageDeduplicationId is invalid. Reason: MessageDeduplicationId can only include alphanumeric and punctuation characters. 1 to 128 in length.");
    }

    private static QueueError? ValidateStandard(SendMessageRequest request)
    {
        if (request.MessageDeduplicationId is not null)
        {
            return new QueueError(QueueErrorCode.InvalidParameterValue, $"Value {request.MessageDeduplicationId} for parameter MessageDeduplicationId is invalid. Reason: The request includes a parameter that is not valid for this queue type.");
        }

        // A MessageGroupId on a standard queue makes it a fair queue: allowed.
        return request.MessageGroupId is { } group && !IsValidId(group)
            ? new QueueError(QueueErrorCode.InvalidParameterValue, $"Value {group} for parameter MessageGroupId is invalid. Reason: MessageGroupId can only include alphanumeric and punctuation characters. 1 to 128 in length.")
            : null;
    }

    private static QueueError? ValidateAttributes(IReadOnlyDictionary<string, MessageAttributeValue> attributes, ref int size)
    {
        if (attributes.Count > 10)
        {
            return new QueueError(QueueErrorCode.InvalidParameterValue, $"Number of message attributes [{attributes.Count}] exceeds the allowed maximum [10].");
        }

        foreach (var (name, value) in attributes)
        {
            if (!IsValidAttributeName(name))
            {
                return new QueueError(QueueErrorCode.InvalidParameterValue, $"Message attribute name '{name}' is invalid. The attribute name can contain A-Z, a-z, 0-9, underscore (_), hyphen (-), and period (.) characters, must not start or end with a period or contain consecutive periods, must not start with 'AWS.' or 'Amazon.', and must be at most 256 characters.");
            }

            var type = value.DataType ?? string.Empty;
            var baseType = type.Split('.', 2)[0];
            if (type.Length is 0 or > 256 || baseType is not ("String" or "Number" or "Binary") || (type.Length > baseType.Length && type.Length == baseType.Length + 1))
            {
                return new QueueError(QueueErrorCode.InvalidParameterValue, $"The message attribute '{name}' has an invalid message attribute type, the set of supported type prefixes is Binary, Number, and String.");
            }

            if (baseType == "Binary")
            {
                if (value.BinaryValue is not { Length: > 0 })
                {
                    return new QueueError(QueueErrorCode.InvalidParameterValue, $"The message attribute '{name}' with type 'Binary' must use field 'Binary'.");
                }

                size += value.BinaryValue.Length;
            }
            else
            {
                if (string.IsNullOrEmpty(value.StringValue))
                {
                    return new QueueError(QueueErrorCode.InvalidParameterValue, $"The message attribute '{name}' must contain non-empty message attribute value for message attribute type '{baseType}'.");
                }

                if (baseType == "Number" && !decimal.TryParse(value.StringValue, NumberStyles.Float, CultureInfo.InvariantCulture, out _) && !double.TryParse(value.StringValue, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
                {
                    return new QueueError(QueueErrorCode.InvalidParameterValue, $"Can't cast the value of message (user) attribute '{name}' to a number.");
                }

                if (FindInvalidCharacter(value.StringValue) is { } bad)
                {
                    return new QueueError(QueueErrorCode.InvalidParameterValue, $"Invalid binary character '#x{bad:X}' was found in the message attribute '{name}' value, the set of allowed characters is {AllowedCharacters}");
                }

                size += Encoding.UTF8.GetByteCount(value.StringValue);
            }

            size += Encoding.UTF8.GetByteCount(name) + Encoding.UTF8.GetByteCount(type);
        }

        return null;
    }

    private static bool IsValidAttributeName(string name)
    {
        if (name.Length is 0 or > 256 || name[0] == '.' || name[^1] == '.' || name.Contains("..", StringComparison.Ordinal)
            || name.StartsWith("AWS.", StringComparison.OrdinalIgnoreCase) || name.StartsWith("Amazon.", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('_' or '-' or '.'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>1-128 characters of alphanumerics and punctuation (!"#$%&amp;'()*+,-./:;&lt;=&gt;?@[\]^_`{|}~).</summary>
    private static bool IsValidId(string id) => id.Length is >= 1 and <= 128 && id.All(c => c is >= '!' and <= '~');

    /// <summary>The first code point outside XML's allowed set, or null.</summary>
    private static int? FindInvalidCharacter(string text)
    {
        // Most text lies in #x20-#xD7FF: a vectorized scan skips to the first character outside it, if any.
        var start = text.AsSpan().IndexOfAnyExceptInRange('\u0020', '\uD7FF');
        if (start < 0)
        {
            return null;
        }

        for (var i = start; i < text.Length; i++)
        {
            var c = text[i];
            if (c is '\t' or '\n' or '\r' or (>= '\u0020' and <= '\uD7FF') or (>= '\uE000' and <= '\uFFFD'))
            {
                continue;
            }

            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
                continue;
            }

            return c;
        }

        return null;
    }
}
