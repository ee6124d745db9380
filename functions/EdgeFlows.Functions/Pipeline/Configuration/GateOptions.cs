using EdgeFlows.Activities.Models;

namespace EdgeFlows.Functions.Pipeline.Configuration;

/// <summary>
/// The champion/challenger gate (<c>EdgeFlows:Gate</c>): a new version is promoted when its
/// <see cref="Metric"/> beats the promoted version's by at least <see cref="MinimumGain"/> in
/// <see cref="Direction"/>; the first version of a model is promoted when it has the metric.
/// </summary>
public sealed class GateOptions
{
    /// <summary>The metric in <c>metrics.json</c> that decides. Default <c>accuracy</c>.</summary>
    public string Metric { get; set; } = "accuracy";

    /// <summary><c>Maximize</c> (accuracy, AUC) or <c>Minimize</c> (loss). Default Maximize.</summary>
    public MetricDirection Direction { get; set; } = MetricDirection.Maximize;

    /// <summary>How much better the challenger must be (≥ 0; 0 promotes a tie). Default 0.</summary>
    public double MinimumGain { get; set; }

    /// <summary>The same settings as recorded in a run's plan.</summary>
    public GateSettings ToSettings() => new(Metric, Direction, MinimumGain);

    internal void Validate(string key, Action<bool, string, string> require)
    {
        require(!string.IsNullOrWhiteSpace(Metric), $"{key}:{nameof(Metric)}", "is required: the name of a metric in metrics.json");
        require(Enum.IsDefined(Direction), $"{key}:{nameof(Direction)}", "must be Maximize or Minimize");
        require(double.IsFinite(MinimumGain) && MinimumGain >= 0, $"{key}:{nameof(MinimumGain)}", "must be a number ≥ 0");
    }
}

/// <summary>The gate as recorded in a run's plan.</summary>
/// <param name="Metric">The deciding metric.</param>
/// <param name="Direction">Which way it improves.</param>
/// <param name="MinimumGain">The smallest improvement that promotes.</param>
public sealed record GateSettings(string Metric, MetricDirection Direction, double MinimumGain)
{
    /// <summary>The gate that decides.</summary>
    public PromotionGate ToGate() => new() { Metric = Metric, Direction = Direction, MinimumGain = MinimumGain };
}
