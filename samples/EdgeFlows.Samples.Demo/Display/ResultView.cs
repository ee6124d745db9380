// The outcome of a run: the trained model's metrics and lineage, or why the run failed.
using System.Globalization;
using EdgeFlows.Durable;
using EdgeFlows.Durable.Client;
using EdgeFlows.Durable.Stores;
using EdgeFlows.Samples.Demo.Orchestrations;
using Spectre.Console;

namespace EdgeFlows.Samples.Demo.Display;

internal static class ResultView
{
    public static void Write(IAnsiConsole console, OrchestrationInstance instance)
    {
        var elapsed = (instance.CompletedAt ?? instance.LastUpdatedAt) - instance.CreatedAt;
        var heading = instance.Status == OrchestrationRuntimeStatus.Completed ? "[green]Completed[/]" : $"[red]{instance.Status}[/]";
        console.MarkupLine($"Run [bold]{Markup.Escape(instance.InstanceId)}[/]: {heading} in {elapsed.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture)} s");
        if (instance.Status != OrchestrationRuntimeStatus.Completed)
        {
            for (var failure = instance.Failure; failure is not null; failure = failure.InnerFailure)
            {
                console.MarkupLine($"  [red]{Markup.Escape(failure.ErrorType)}[/]: {Markup.Escape(failure.ErrorMessage)}");
            }

            return;
        }

        var result = instance.ReadOutputAs<RetrainPreviewResult>()!;
        var m = result.Training.Metrics;
        var grid = new Table().Border(TableBorder.Rounded).HideHeaders().AddColumn("What").AddColumn("Value");
        Row(grid, "Host", $"{result.Compute.Host}: {result.Compute.CpuCount} CPUs, {result.Compute.MemoryAvailableMb:N0} MiB memory available, {result.Compute.DiskFreeMb:N0} MiB disk free");
        Row(grid, "Data set", $"{Paths.Show(result.Dataset.Path)}: {result.Dataset.Rows} rows, {result.Dataset.Positives} malignant / {result.Dataset.Negatives} benign");
        Row(grid, "Fingerprint", $"SHA-256 {result.Dataset.Sha256}");
        Row(grid, "Split", $"{result.Training.TrainRows} training rows, {result.Training.TestRows} held-out rows (seeded shuffle)");
        Row(grid, "Accuracy", $"{m.Accuracy:F4} held-out ({result.Training.TrainAccuracy:F4} on training rows)");
        Row(grid, "Precision / recall", $"{m.Precision:F4} / {m.Recall:F4}");
        Row(grid, "F1", $"{m.F1:F4}");
        Row(grid, "ROC AUC", $"{m.Auc:F4}");
        Row(grid, "Log loss", $"{m.LogLoss:F4}");
        Row(grid, "Confusion", $"TP {m.TruePositives}  FP {m.FalsePositives}  TN {m.TrueNegatives}  FN {m.FalseNegatives}");
        Row(grid, "Model", $"{result.Model.Name} v{result.Model.Version} → {Paths.Show(result.Model.Path)}");
        console.Write(grid);
    }

    private static void Row(Table table, string name, FormattableString value) =>
        table.AddRow($"[grey]{Markup.Escape(name)}[/]", Markup.Escape(value.ToString(CultureInfo.InvariantCulture)));

    private static void Row(Table table, string name, string value) =>
        table.AddRow($"[grey]{Markup.Escape(name)}[/]", Markup.Escape(value));
}
