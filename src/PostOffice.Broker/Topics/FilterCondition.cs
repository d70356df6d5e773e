using System.Net;

namespace PostOffice.Broker.Topics;

/// <summary>
/// One element of a filter policy's value array: an exact value or one of the operators AWS documents
/// (https://docs.aws.amazon.com/sns/latest/dg/sns-subscription-filter-policies.html and the pages it links:
/// string value matching, numeric value matching, key matching, AND/OR logic).
/// </summary>
internal abstract class FilterCondition
{
    /// <summary>True when the condition holds for a key that is absent (only <c>{"exists": false}</c>).</summary>
    public virtual bool MatchesAbsent => false;

    public abstract bool Matches(in FilterValue value);

    /// <summary>Numbers compare at five decimal digits of accuracy, as AWS documents.</summary>
    public static bool NumbersEqual(double a, double b) => Math.Abs(a - b) < 0.000005;
}

/// <summary>An exact string, number, boolean or null.</summary>
internal sealed class ExactCondition(FilterValue expected) : FilterCondition
{
    public FilterValue Expected { get; } = expected;

    public override bool Matches(in FilterValue value) => Expected.Kind switch
    {
        FilterValueKind.String => value.Kind == FilterValueKind.String && string.Equals(value.Text, Expected.Text, StringComparison.Ordinal),
        FilterValueKind.Number => value.Kind == FilterValueKind.Number && NumbersEqual(value.Number, Expected.Number),
        _ => value.Kind == Expected.Kind,
    };
}

internal sealed class PrefixCondition(string prefix, bool ignoreCase) : FilterCondition
{
    public override bool Matches(in FilterValue value) =>
        value.Kind == FilterValueKind.String && value.Text!.StartsWith(prefix, ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);
}

internal sealed class SuffixCondition(string suffix, bool ignoreCase) : FilterCondition
{
    public override bool Matches(in FilterValue value) =>
        value.Kind == FilterValueKind.String && value.Text!.EndsWith(suffix, ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);
}

internal sealed class EqualsIgnoreCaseCondition(string expected) : FilterCondition
{
    public override bool Matches(in FilterValue value) =>
        value.Kind == FilterValueKind.String && string.Equals(value.Text, expected, StringComparison.OrdinalIgnoreCase);
}

/// <summary><c>{"anything-but": ...}</c>: the value is present and matches none of the inner conditions.</summary>
internal sealed class AnythingButCondition(IReadOnlyList<FilterCondition> excluded) : FilterCondition
{
    public override bool Matches(in FilterValue value)
    {
        foreach (var condition in excluded)
        {
            if (condition.Matches(value))
            {
                return false;
            }
        }

        return true;
    }
}

/// <summary><c>{"numeric": ["&gt;", 0, "&lt;=", 150]}</c>: every comparison holds for a number.</summary>
internal sealed class NumericCondition(IReadOnlyList<(string Operator, double Operand)> comparisons) : FilterCondition
{
    public override bool Matches(in FilterValue value)
    {
        if (value.Kind != FilterValueKind.Number)
        {
            return false;
        }

        foreach (var (op, operand) in comparisons)
        {
            var holds = op switch
            {
                "=" => NumbersEqual(value.Number, operand),
                "<" => value.Number < operand && !NumbersEqual(value.Number, operand),
                "<=" => value.Number <= operand || NumbersEqual(value.Number, operand),
                ">" => value.Number > operand && !NumbersEqual(value.Number, operand),
                ">=" => value.Number >= operand || NumbersEqual(value.Number, operand),
                _ => false,
            };
            if (!holds)
            {
                return false;
            }
        }

        return true;
    }
}

/// <summary><c>{"exists": true|false}</c>: key matching.</summary>
internal sealed class ExistsCondition(bool exists) : FilterCondition
{
    public override bool MatchesAbsent => !exists;

    public override bool Matches(in FilterValue value) => exists;
}

/// <summary><c>{"cidr": "10.0.0.0/24"}</c>: an IPv4 or IPv6 address string inside the block.</summary>
internal sealed class CidrCondition(IPNetwork network) : FilterCondition
{
    public override bool Matches(in FilterValue value) =>
        value.Kind == FilterValueKind.String && IPAddress.TryParse(value.Text, out var address) && network.Contains(address);
}
