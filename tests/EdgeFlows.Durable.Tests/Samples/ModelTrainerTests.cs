using EdgeFlows.Samples.Demo.Training;

namespace EdgeFlows.Durable.Tests.Samples;

public sealed class ModelTrainerTests
{
    [Fact]
    public void Permutation_Seed42_HoldsOutTheRowsAnIndependentImplementationHoldsOut()
    {
        // The first held-out row indices of SplitMix64 + Fisher-Yates, seed 42, over 569 rows,
        // as a separate Python implementation computes them: the split is reproducible outside .NET.
        var order = DeterministicShuffle.Permutation(569, 42);
        var heldOut = order[^114..].Order().Take(8);

        Assert.Equal([0, 6, 8, 11, 12, 18, 20, 37], heldOut);
    }

    [Fact]
    public void Permutation_AnySeed_IsAPermutation()
    {
        Assert.Equal(Enumerable.Range(0, 100), DeterministicShuffle.Permutation(100, 7).Order());
    }

    [Fact]
    public async Task Train_Seed4_MatchesAnIndependentImplementation()
    {
        // The same pipeline written separately in Python gives 108/114 held-out on seed 4, and
        // this bias for seed 42: training is the algorithm it claims to be, not only repeatable.
        var data = await LabeledDataset.LoadAsync(SampleData.BreastCancerCsv, CancellationToken.None);

        var seed4 = ModelTrainer.Train(data, new TrainingSettings(Seed: 4));
        var seed42 = ModelTrainer.Train(data, new TrainingSettings(Seed: 42));

        Assert.Equal(108.0 / 114, seed4.Test.Accuracy);
        Assert.Equal(-0.28790985213493075, seed42.Model.Classifier.Bias, 1e-12);
    }

    [Fact]
    public async Task Train_SameDataAndSettings_GivesIdenticalWeights()
    {
        var data = await LabeledDataset.LoadAsync(SampleData.BreastCancerCsv, CancellationToken.None);

        var first = ModelTrainer.Train(data, new TrainingSettings());
        var second = ModelTrainer.Train(data, new TrainingSettings());

        Assert.Equal(first.Model.Classifier.Weights, second.Model.Classifier.Weights);
        Assert.Equal(first.Test, second.Test);
    }

    [Fact]
    public async Task LoadAsync_RowWithMissingColumn_NamesTheLine()
    {
        var path = Path.Combine(Path.GetTempPath(), $"edgeflows-bad-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(path, "a,b,label\n1,2,0\n3,1\n");
        try
        {
            var error = await Assert.ThrowsAsync<InvalidDataException>(() => LabeledDataset.LoadAsync(path, CancellationToken.None));
            Assert.Contains("line 3", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
