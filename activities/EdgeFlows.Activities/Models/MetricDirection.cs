namespace EdgeFlows.Activities.Models;

/// <summary>Which way a metric improves.</summary>
public enum MetricDirection
{
    /// <summary>Higher is better (accuracy, AUC, F1).</summary>
    Maximize,

    /// <summary>Lower is better (loss, RMSE, latency).</summary>
    Minimize,
}
