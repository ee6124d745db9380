namespace EdgeFlows.Samples.Demo.Training;

/// <summary>
/// A seeded Fisher–Yates shuffle over SplitMix64. Written out rather than using
/// <see cref="Random"/> so the split is the same on every .NET version and platform, and
/// can be reproduced outside .NET from the seed alone.
/// </summary>
public static class DeterministicShuffle
{
    /// <summary>The indices 0..count-1 in an order fixed by <paramref name="seed"/>.</summary>
    public static int[] Permutation(int count, ulong seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var order = Enumerable.Range(0, count).ToArray();
        var state = seed;
        for (var i = count - 1; i > 0; i--)
        {
            var j = (int)(Next(ref state) % (ulong)(i + 1));
            (order[i], order[j]) = (order[j], order[i]);
        }

        return order;
    }

    // SplitMix64 (Steele, Lea, Flood 2014): a full-period 64-bit generator with good mixing.
    private static ulong Next(ref ulong state)
    {
        var z = state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
