using System.Numerics;

namespace EdgeFlows.Functions.Triggers.Timer;

/// <summary>The values one field matches, as a bit set (every field has at most 60 values).</summary>
internal readonly record struct CronValueSet(ulong Bits)
{
    public bool IsEmpty => Bits == 0;

    public bool Contains(int value) => value is >= 0 and < 64 && (Bits & (1UL << value)) != 0;

    /// <summary>The smallest value at or after <paramref name="value"/>, or -1.</summary>
    public int NextAtOrAfter(int value)
    {
        if (value >= 64)
        {
            return -1;
        }

        var rest = Bits & (ulong.MaxValue << Math.Max(value, 0));
        return rest == 0 ? -1 : BitOperations.TrailingZeroCount(rest);
    }

    /// <summary>True when two consecutive values are in the set (a range, or every value).</summary>
    public bool HasConsecutiveValues => (Bits & (Bits >> 1)) != 0;

    public CronValueSet With(int value) => new(Bits | (1UL << value));

    public IEnumerable<int> Values()
    {
        for (var value = NextAtOrAfter(0); value >= 0; value = NextAtOrAfter(value + 1))
        {
            yield return value;
        }
    }
}
