// One-line summaries of the RetrainPreview activities' results, for the live progress.
using System.Globalization;
using EdgeFlows.Durable.Serialization;
using EdgeFlows.Samples.Demo.Activities;

namespace EdgeFlows.Samples.Demo.Display;

internal static class StepSummary
{
    /// <summary>A summary of an activity's JSON result, or null for activities this demo does not know.</summary>
    public static string? Describe(string activityName, string? resultJson) => activityName switch
    {
        nameof(CheckCompute) when Read<ComputeReport>(resultJson) is { } c => string.Create(
            CultureInfo.InvariantCulture,
            $"{c.Host}: {c.CpuCount} CPUs, {c.MemoryAvailableMb:N0} of {c.MemoryTotalMb:N0} MiB memory available, {c.DiskFreeMb:N0} MiB disk free{Shortfalls(c)}"),
        nameof(ProfileDataset) when Read<DatasetProfile>(resultJson) is { } p => string.Create(
            CultureInfo.InvariantCulture,
            $"{p.Rows} rows × {p.Features} features, {p.Positives} malignant / {p.Negatives} benign, SHA-256 {p.Sha256[..12]}…"),
        nameof(TrainModel) when Read<TrainResult>(resultJson) is { } t => string.Create(
            CultureInfo.InvariantCulture,
            $"accuracy {t.Metrics.Accuracy:F4}, F1 {t.Metrics.F1:F4}, AUC {t.Metrics.Auc:F4} on {t.TestRows} held-out rows"),
        nameof(RegisterModel) when Read<RegisteredModel>(resultJson) is { } m => $"{m.Name} v{m.Version} → {Paths.Show(m.Path)}",
        _ => null,
    };

    private static string Shortfalls(ComputeReport report) =>
        report.Sufficient ? string.Empty : $" — not enough: {string.Join("; ", report.Shortfalls)}";

    private static T? Read<T>(string? json)
    {
        try
        {
            return DataConverter.Deserialize<T>(json, "activity result");
        }
        catch (ArgumentException)
        {
            // A result of another shape (a different version of the activity): no summary.
            return default;
        }
    }
}
