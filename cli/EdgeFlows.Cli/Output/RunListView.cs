using EdgeFlows.Cli.Runs;
using Spectre.Console;

namespace EdgeFlows.Cli.Output;

/// <summary>The human view of <c>list</c>.</summary>
public static class RunListView
{
    /// <summary>A table of runs, newest first, with a note when more are left.</summary>
    public static void Write(IAnsiConsole console, IReadOnlyList<RunSummary> runs, bool more)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(runs);
        if (runs.Count == 0)
        {
            console.WriteLine(more ? "No runs match on the first page; use --all to look further." : "No runs match.");
            return;
        }

        var table = new Table().Border(TableBorder.Rounded)
            .AddColumn(new TableColumn("Instance").NoWrap())
            .AddColumns("Dataset", "Trigger", "Status", "Step / result")
            .AddColumn(new TableColumn("Created").NoWrap());
        foreach (var run in runs)
        {
            table.AddRow(
                new Text(run.Id),
                new Text(run.Dataset ?? "-"),
                new Text(run.Trigger ?? "-"),
                new Markup($"[{Formats.Color(run.Status)}]{run.Status}[/]"),
                new Text(Outcome(run)),
                new Text(Formats.Time(run.CreatedTime)));
        }

        console.Write(table);
        console.WriteLine(more ? $"{runs.Count} runs shown; more match (use --top N or --all)." : $"{runs.Count} run{(runs.Count == 1 ? string.Empty : "s")}.");
    }

    private static string Outcome(RunSummary run)
    {
        if (run.Error is { } error)
        {
            return error.Length <= 80 ? error : error[..80] + "…";
        }

        if (JsonFields.GetString(run.Output, "modelName") is { } model)
        {
            var promoted = JsonFields.GetBool(run.Output, "promoted") == true ? "promoted" : "not promoted";
            return $"{model} v{JsonFields.GetString(run.Output, "version")} {promoted}";
        }

        return JsonFields.GetString(run.CustomStatus, "step") ?? string.Empty;
    }
}
