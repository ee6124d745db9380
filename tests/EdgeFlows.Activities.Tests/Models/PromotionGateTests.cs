using EdgeFlows.Activities.Models;

namespace EdgeFlows.Activities.Tests.Models;

public sealed class PromotionGateTests
{
    [Fact]
    public void Decide_NoChampion_Promotes()
    {
        var decision = Gate("accuracy").Decide(Metrics(("accuracy", 0.9)), champion: null);

        Assert.True(decision.Promote);
        Assert.Null(decision.ChampionVersion);
        Assert.Contains("no champion", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_MaximizeWithGainAboveMinimum_PromotesAndSaysTheNumbers()
    {
        var decision = Gate("accuracy", minimumGain: 0.01).Decide(Metrics(("accuracy", 0.97)), Champion(3, ("accuracy", 0.95)));

        Assert.True(decision.Promote);
        Assert.Equal(3, decision.ChampionVersion);
        Assert.Contains("0.97", decision.Reason, StringComparison.Ordinal);
        Assert.Contains("0.95", decision.Reason, StringComparison.Ordinal);
        Assert.Contains("+0.02", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_MaximizeWithGainBelowMinimum_DoesNotPromote()
    {
        var decision = Gate("accuracy", minimumGain: 0.05).Decide(Metrics(("accuracy", 0.97)), Champion(3, ("accuracy", 0.95)));

        Assert.False(decision.Promote);
        Assert.StartsWith("Not promoted", decision.Reason, StringComparison.Ordinal);
        Assert.Contains("minimum 0.05", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_MaximizeWorseChallenger_DoesNotPromote()
    {
        var decision = Gate("accuracy").Decide(Metrics(("accuracy", 0.90)), Champion(1, ("accuracy", 0.95)));

        Assert.False(decision.Promote);
        Assert.Contains("-0.05", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_MinimizeLowerLoss_Promotes()
    {
        var decision = Gate("loss", MetricDirection.Minimize, 0.01).Decide(Metrics(("loss", 0.20)), Champion(2, ("loss", 0.25)));

        Assert.True(decision.Promote);
    }

    [Fact]
    public void Decide_MinimizeHigherLoss_DoesNotPromote()
    {
        var decision = Gate("loss", MetricDirection.Minimize).Decide(Metrics(("loss", 0.30)), Champion(2, ("loss", 0.25)));

        Assert.False(decision.Promote);
    }

    [Fact]
    public void Decide_GainEqualToMinimumInDecimalButNotInBinary_Promotes()
    {
        // 0.3 - 0.2 is 0.09999999999999998 in binary floating point.
        var decision = Gate("accuracy", minimumGain: 0.1).Decide(Metrics(("accuracy", 0.3)), Champion(1, ("accuracy", 0.2)));

        Assert.True(decision.Promote);
    }

    [Fact]
    public void Decide_EqualMetricWithZeroMinimum_Promotes()
    {
        var decision = Gate("accuracy").Decide(Metrics(("accuracy", 0.95)), Champion(1, ("accuracy", 0.95)));

        Assert.True(decision.Promote);
    }

    [Fact]
    public void Decide_ChallengerWithoutTheMetric_DoesNotPromoteAndNamesIt()
    {
        var decision = Gate("auc").Decide(Metrics(("accuracy", 0.99)), Champion(1, ("auc", 0.5)));

        Assert.False(decision.Promote);
        Assert.Contains("no metric 'auc'", decision.Reason, StringComparison.Ordinal);
        Assert.Contains("accuracy", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_ChampionWithoutTheMetric_Promotes()
    {
        var decision = Gate("auc").Decide(Metrics(("auc", 0.8)), Champion(4, ("accuracy", 0.99)));

        Assert.True(decision.Promote);
        Assert.Contains("version 4", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_NegativeMinimumGain_ThrowsNamingTheSetting()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Gate("accuracy", minimumGain: -0.1).Decide(Metrics(("accuracy", 0.9)), null));

        Assert.Contains("MinimumGain", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_NoMetricConfigured_Throws()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new PromotionGate().Decide(Metrics(("accuracy", 0.9)), null));

        Assert.Contains("Metric", error.Message, StringComparison.Ordinal);
    }

    private static PromotionGate Gate(string metric, MetricDirection direction = MetricDirection.Maximize, double minimumGain = 0) =>
        new() { Metric = metric, Direction = direction, MinimumGain = minimumGain };

    private static Dictionary<string, double> Metrics(params (string Name, double Value)[] metrics) => metrics.ToDictionary(m => m.Name, m => m.Value);

    private static ModelVersion Champion(int version, params (string Name, double Value)[] metrics) => new()
    {
        Name = "churn",
        Version = version,
        RunId = $"run-{version}",
        Stage = ModelStage.Promoted,
        Tags = new Dictionary<string, string>(),
        Metrics = Metrics(metrics),
        ArtifactUri = "file:///models/churn",
        Lineage = new ModelLineage { Dataset = "churn" },
        CreatedAt = DateTimeOffset.UnixEpoch,
        UpdatedAt = DateTimeOffset.UnixEpoch,
    };
}
