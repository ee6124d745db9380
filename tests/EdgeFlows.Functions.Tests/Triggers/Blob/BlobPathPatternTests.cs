using EdgeFlows.Functions.Triggers.Blob;

namespace EdgeFlows.Functions.Tests.Triggers.Blob;

public sealed class BlobPathPatternTests
{
    private static readonly BlobPathPattern DefaultPattern = BlobPathPattern.Parse(BlobPathPattern.Default);

    [Fact]
    public void Parse_DefaultPattern_ListsUnderTheLiteralPrefix()
    {
        Assert.Equal("training-data/", DefaultPattern.ListPrefix);
        Assert.Equal("training-data/sales/", DefaultPattern.DatasetPrefix("sales"));
    }

    [Fact]
    public void Parse_DatasetFirst_ListsTheWholeContainer()
    {
        var pattern = BlobPathPattern.Parse("{dataset}/{*path}");

        Assert.Equal(string.Empty, pattern.ListPrefix);
        Assert.Equal(BlobPathMatch.Matched("sales", "a.csv"), pattern.Match("sales/a.csv"));
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("training-data/{*path}", "no {dataset}")]
    [InlineData("{dataset}/{dataset}/{*path}", "twice")]
    [InlineData("data/{*path}/{dataset}", "last segment")]
    [InlineData("data//{dataset}", "invalid segment ''")]
    [InlineData("../{dataset}/{*path}", "invalid segment '..'")]
    [InlineData("data/{name}/{dataset}", "invalid segment '{name}'")]
    [InlineData("data/x{dataset}/{*path}", "invalid segment 'x{dataset}'")]
    public void Parse_InvalidPattern_ThrowsNamingTheProblem(string pattern, string problem)
    {
        var error = Assert.Throws<FormatException>(() => BlobPathPattern.Parse(pattern));

        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("training-data/sales/a.csv", "sales", "a.csv")]
    [InlineData("training-data/sales/2024/06/part-0001.parquet", "sales", "2024/06/part-0001.parquet")]
    [InlineData("training-data/Sales_v2.1-x/_SUCCESS", "Sales_v2.1-x", "_SUCCESS")]
    [InlineData("training-data/s/données é.csv", "s", "données é.csv")]
    public void Match_NameInPattern_ReturnsDatasetAndPath(string name, string dataset, string path) =>
        Assert.Equal(BlobPathMatch.Matched(dataset, path), DefaultPattern.Match(name));

    [Theory]
    [InlineData("models/sales/model.onnx")]
    [InlineData("training-data/sales")]
    [InlineData("training-data")]
    [InlineData("Training-Data/sales/a.csv")]
    public void Match_NameOutsidePattern_IsNotMatched(string name) =>
        Assert.Equal(BlobPathMatchKind.NotMatched, DefaultPattern.Match(name).Kind);

    [Theory]
    [InlineData("training-data/sales/../secrets/a.csv", "traversal")]
    [InlineData("training-data/../x/a.csv", "traversal")]
    [InlineData("training-data/sales/./a.csv", "traversal")]
    [InlineData("training-data/sales/a\u0001.csv", "control characters")]
    [InlineData("training-data/sales/a\n.csv", "control characters")]
    [InlineData("training-data/sales\\a.csv", "backslash")]
    [InlineData("training-data//a.csv", "empty segment")]
    [InlineData("training-data/sales/", "empty segment")]
    [InlineData("training-data/sa les/a.csv", "dataset name 'sa les'")]
    [InlineData("training-data/sales!/a.csv", "dataset name")]
    [InlineData("training-data/ñ/a.csv", "dataset name")]
    public void Match_UnsafeOrInvalidName_IsRejectedWithAReason(string name, string reason)
    {
        var match = DefaultPattern.Match(name);

        Assert.Equal(BlobPathMatchKind.Rejected, match.Kind);
        Assert.Contains(reason, match.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Match_DatasetNameOf65Characters_IsRejected()
    {
        Assert.Equal(BlobPathMatchKind.Matched, DefaultPattern.Match($"training-data/{new string('a', 64)}/x").Kind);
        Assert.Equal(BlobPathMatchKind.Rejected, DefaultPattern.Match($"training-data/{new string('a', 65)}/x").Kind);
    }

    [Fact]
    public void Match_PatternWithoutPath_MatchesExactlyItsSegments()
    {
        var pattern = BlobPathPattern.Parse("exports/{dataset}/data.csv");

        Assert.Equal(BlobPathMatch.Matched("sales", string.Empty), pattern.Match("exports/sales/data.csv"));
        Assert.Equal(BlobPathMatchKind.NotMatched, pattern.Match("exports/sales/other.csv").Kind);
        Assert.Equal(BlobPathMatchKind.NotMatched, pattern.Match("exports/sales/data.csv/more").Kind);
    }
}
