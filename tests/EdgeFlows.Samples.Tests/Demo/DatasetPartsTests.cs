using EdgeFlows.Samples.Demo.Data;

namespace EdgeFlows.Samples.Tests.Demo;

/// <summary>How the demo cuts the sample data set into part files.</summary>
public sealed class DatasetPartsTests
{
    private static readonly string Data = Path.Combine(AppContext.BaseDirectory, "data", "breast_cancer_wisconsin.csv");

    [Fact]
    public void Split_BreastCancerIntoFour_GivesNearlyEqualPartsInFileOrder()
    {
        var parts = DatasetParts.Split(Data, 4);

        Assert.Equal([143, 142, 142, 142], parts.Select(p => p.Rows));
        Assert.Equal(["part-0001.csv", "part-0002.csv", "part-0003.csv", "part-0004.csv"], parts.Select(p => p.Name));
    }

    [Fact]
    public void Split_EveryPart_HasTheHeaderAndTogetherTheRowsInOrder()
    {
        var lines = File.ReadAllLines(Data);

        var parts = DatasetParts.Split(Data, 4);

        Assert.All(parts, p => Assert.StartsWith(lines[0] + "\n", p.Content, StringComparison.Ordinal));
        Assert.Equal(lines.Skip(1), parts.SelectMany(p => p.Content.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1)));
    }

    [Fact]
    public void Split_MorePartsThanRows_Throws()
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, "a,label\n1,0\n");

            var error = Assert.Throws<InvalidDataException>(() => DatasetParts.Split(file, 2));
            Assert.Contains("1 data rows, fewer than the 2 parts", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
