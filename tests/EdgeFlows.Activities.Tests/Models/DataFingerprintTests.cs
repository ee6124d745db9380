using System.Text.RegularExpressions;
using EdgeFlows.Activities.Models;

namespace EdgeFlows.Activities.Tests.Models;

public sealed class DataFingerprintTests
{
    private static readonly (string, string)[] Snapshot =
    [
        ("training-data/churn/2026-01.csv", "0x8DC1A1"),
        ("training-data/churn/2026-02.csv", "0x8DC1A2"),
        ("training-data/churn/_SUCCESS", "0x8DC1A3"),
    ];

    [Fact]
    public void Compute_SameBlobsInAnotherOrder_GivesTheSameFingerprint()
    {
        Assert.Equal(DataFingerprint.Compute(Snapshot), DataFingerprint.Compute(Snapshot.Reverse()));
    }

    [Fact]
    public void Compute_Always_IsSha256AndLowercaseHex()
    {
        Assert.Matches(new Regex("^sha256:[0-9a-f]{64}$"), DataFingerprint.Compute(Snapshot));
    }

    [Fact]
    public void Compute_OneETagChanged_GivesAnotherFingerprint()
    {
        var changed = Snapshot.Select(b => b.Item1.EndsWith("02.csv", StringComparison.Ordinal) ? (b.Item1, "0x8DC1FF") : b);

        Assert.NotEqual(DataFingerprint.Compute(Snapshot), DataFingerprint.Compute(changed));
    }

    [Fact]
    public void Compute_QuotedETags_SameAsBare()
    {
        var quoted = Snapshot.Select(b => (b.Item1, $"\"{b.Item2}\""));

        Assert.Equal(DataFingerprint.Compute(Snapshot), DataFingerprint.Compute(quoted));
    }

    [Fact]
    public void Compute_SameCharactersSplitDifferently_GivesAnotherFingerprint()
    {
        Assert.NotEqual(DataFingerprint.Compute([("ab", "c1")]), DataFingerprint.Compute([("a", "bc1")]));
    }

    [Fact]
    public void Compute_NameListedTwice_ThrowsNamingIt()
    {
        var error = Assert.Throws<ArgumentException>(() => DataFingerprint.Compute([("a.csv", "1"), ("a.csv", "2")]));

        Assert.Contains("'a.csv'", error.Message, StringComparison.Ordinal);
    }
}
