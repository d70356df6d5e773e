namespace PostOffice.Broker.Topics;

/// <summary>One value a filter condition is matched against: from a message attribute or a JSON body.</summary>
internal readonly record struct FilterValue(FilterValueKind Kind, string? Text, double Number)
{
    public static FilterValue Null => new(FilterValueKind.Null, null, 0);

    public static FilterValue OfString(string text) => new(FilterValueKind.String, text, 0);

    public static FilterValue OfNumber(double number) => new(FilterValueKind.Number, null, number);

    public static FilterValue OfBoolean(bool value) => new(value ? FilterValueKind.True : FilterValueKind.False, null, 0);
}

internal enum FilterValueKind
{
    String,
    Number,
    True,
    False,
    Null,
}
