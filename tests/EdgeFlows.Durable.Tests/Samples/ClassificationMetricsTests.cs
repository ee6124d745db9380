using EdgeFlows.Samples.Demo.Training;

namespace EdgeFlows.Durable.Tests.Samples;

public sealed class ClassificationMetricsTests
{
    [Fact]
    public void RocAuc_OneMisorderedPair_IsThreeQuarters()
    {
        // Of the 4 positive/negative pairs, one (0.35 < 0.4) is ranked the wrong way round.
        Assert.Equal(0.75, ClassificationMetrics.RocAuc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]));
    }

    [Fact]
    public void RocAuc_TiedScores_CountHalf()
    {
        Assert.Equal(0.5, ClassificationMetrics.RocAuc([0, 1], [0.5, 0.5]));

        // Pairs (positive, negative): (0.2, 0.2) tied → ½; (0.2, 0.1), (0.9, 0.2), (0.9, 0.1) → 1 each: 3.5 / 4.
        Assert.Equal(0.875, ClassificationMetrics.RocAuc([0, 1, 0, 1], [0.2, 0.2, 0.1, 0.9]));
    }

    [Fact]
    public void RocAuc_OneClassOnly_Throws()
    {
        Assert.Throws<ArgumentException>(() => ClassificationMetrics.RocAuc([1, 1], [0.2, 0.9]));
    }

    [Fact]
    public void Evaluate_MixedPredictions_ComputesPrecisionRecallAndF1()
    {
        // Threshold 0.5: predictions 1,1,0,0,1 against labels 1,0,1,0,1 → TP 2, FP 1, TN 1, FN 1.
        var metrics = ClassificationMetrics.Evaluate([1, 0, 1, 0, 1], [0.9, 0.6, 0.4, 0.1, 0.7]);

        Assert.Equal((2, 1, 1, 1), (metrics.TruePositives, metrics.FalsePositives, metrics.TrueNegatives, metrics.FalseNegatives));
        Assert.Equal(0.6, metrics.Accuracy, 1e-12);
        Assert.Equal(2.0 / 3, metrics.Precision, 1e-12);
        Assert.Equal(2.0 / 3, metrics.Recall, 1e-12);
        Assert.Equal(2.0 / 3, metrics.F1, 1e-12);
    }

    [Fact]
    public void Evaluate_NothingPredictedPositive_GivesZeroPrecisionAndF1()
    {
        var metrics = ClassificationMetrics.Evaluate([1, 0], [0.2, 0.1]);

        Assert.Equal((0.0, 0.0), (metrics.Precision, metrics.F1));
    }

    [Fact]
    public void MeanLogLoss_CertainAndWrong_IsLargeButFinite()
    {
        var loss = ClassificationMetrics.MeanLogLoss([1], [0.0]);

        Assert.Equal(-Math.Log(1e-15), loss, 1e-9);
    }
}
