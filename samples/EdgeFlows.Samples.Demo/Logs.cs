using Microsoft.Extensions.Logging;

namespace EdgeFlows.Samples.Demo;

/// <summary>The demo's log messages, with stable event ids (2000–2099).</summary>
internal static partial class Logs
{
    [LoggerMessage(2000, LogLevel.Information, "Run {InstanceId} started for {DatasetPath}")]
    public static partial void RunStarted(this ILogger logger, string instanceId, string datasetPath);

    [LoggerMessage(2001, LogLevel.Information, "Data set: {Rows} rows, {Positives} malignant / {Negatives} benign, SHA-256 {Sha256}")]
    public static partial void Profiled(this ILogger logger, int rows, int positives, int negatives, string sha256);

    [LoggerMessage(2002, LogLevel.Information, "Trained: accuracy {Accuracy:F4}, F1 {F1:F4}, AUC {Auc:F4} on held-out rows")]
    public static partial void Trained(this ILogger logger, double accuracy, double f1, double auc);

    [LoggerMessage(2003, LogLevel.Information, "Registered {Name} v{Version} at {Path}")]
    public static partial void Registered(this ILogger logger, string name, int version, string path);
}
