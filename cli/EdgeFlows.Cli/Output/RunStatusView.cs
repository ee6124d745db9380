// The human view of one run: what it is, where it stands, its steps, and its result or why it
// failed; with --history, every history event. Everything from the run is escaped before it
// reaches Spectre's markup, so a reason with [brackets] prints as it is.
using System.Text.Json.Nodes;
using EdgeFlows.Cli.Runs;
using EdgeFlows.Cli.Watch;
using EdgeFlows.Durable;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace EdgeFlows.Cli.Output;

/// <summary>Renders a run for people.</summary>
public static class RunStatusView
{
    /// <summary>Writes the run, its steps (when read with history), result, and history events when <paramref name="showHistory"/>.</summary>
    public static void Write(IAnsiConsole console, RunStatus run, DateTimeOffset now, bool showHistory)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(run);
        console.Write(Summary(run, now));
        if (run.History is not null)
        {
            console.WriteLine();
            console.Write(Steps(StepTimeline.Build(run), now));
        }

        if (Result(run) is { } result)
        {
            console.WriteLine();
            console.Write(result);
        }

        if (showHistory && run.History is { } history)
        {
            console.WriteLine();
            console.Write(History(history));
        }
    }

    /// <summary>Instance, orchestrator, status, dataset, times, progress and failure.</summary>
    public static Grid Summary(RunStatus run, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(run);
        var grid = KeyValueGrid();
        Add(grid, "Instance", run.InstanceId);
        Add(grid, "Orchestration", run.Name);
        grid.AddRow(new Markup("[bold]Status[/]"), new Markup($"[{Formats.Color(run.RuntimeStatus)}]{run.RuntimeStatus}[/]"));
        if (run.Dataset is { } dataset)
        {
            Add(grid, "Dataset", run.Trigger is null ? dataset : $"{dataset} (started by {run.Trigger})");
        }

        var end = run.RuntimeStatus.IsTerminal() ? run.LastUpdatedTime : now;
        Add(grid, "Created", $"{Formats.Time(run.CreatedTime)}  ({Formats.Duration(end - run.CreatedTime)} {(run.RuntimeStatus.IsTerminal() ? "run time" : "so far")})");
        Add(grid, "Updated", Formats.Time(run.LastUpdatedTime));
        if (!run.RuntimeStatus.IsTerminal() && JsonFields.GetString(run.CustomStatus, "step") is { } step)
        {
            Add(grid, "Step", JsonFields.GetString(run.CustomStatus, "detail") is { } detail ? $"{step}: {detail}" : step);
        }

        if (!run.RuntimeStatus.IsTerminal() && JsonFields.GetStrings(run.CustomStatus, "lastLogLines") is { Count: > 0 } lines)
        {
            Add(grid, "Last log", lines[^1]);
        }

        if (run.Failure is { } failure)
        {
            Add(grid, "Failure", failure.ErrorType is null ? failure.ErrorMessage : $"{failure.ErrorMessage} ({failure.ErrorType})");
        }

        return grid;
    }

    /// <summary>The steps table.</summary>
    public static Table Steps(IReadOnlyList<StepRow> rows, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var table = new Table().Border(TableBorder.Rounded).AddColumns("Step", "State", "Elapsed", "Detail");
        foreach (var row in rows)
        {
            table.AddRow(
                new Text(row.Name),
                new Markup($"[{Formats.Color(row.State)}]{Formats.State(row.State)}[/]"),
                new Text(Formats.Duration(row.Elapsed(now))),
                new Text(row.Detail ?? string.Empty));
        }

        return table;
    }

    /// <summary>A completed Retrain run's result (model, gate, metrics, image, webhooks); other outputs as JSON; null without output.</summary>
    public static IRenderable? Result(RunStatus run)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (run.RuntimeStatus != OrchestrationRuntimeStatus.Completed || run.Output is null)
        {
            return null;
        }

        var output = run.Output;
        var grid = KeyValueGrid();
        if (JsonFields.GetString(output, "modelName") is not { } model)
        {
            Add(grid, "Output", Shorten(output.ToJsonString()));
            return grid;
        }

        var promoted = JsonFields.GetBool(output, "promoted");
        Add(grid, "Model", $"{model} v{JsonFields.GetString(output, "version") ?? "?"} — {(promoted == true ? "promoted" : "not promoted")}");
        AddIf(grid, "Gate", JsonFields.GetString(output, "gateReason"));
        if (JsonFields.Get(output, "metrics") is JsonObject metrics && metrics.Count > 0)
        {
            Add(grid, "Metrics", string.Join(" · ", metrics.Select(m => $"{m.Key} {(m.Value is JsonValue v && JsonFields.AsString(v) is { } text && double.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out var n) ? Formats.Number(n) : m.Value?.ToJsonString())}")));
        }

        if (JsonFields.GetString(output, "imageReference") is { } image)
        {
            Add(grid, "Image", JsonFields.GetString(output, "imageDigest") is { } digest ? $"{image} @ {digest}" : image);
        }

        AddIf(grid, "Trained on", JsonFields.GetString(output, "target") is { } target ? $"{target} (job {JsonFields.GetString(output, "jobId")})" : null);
        AddIf(grid, "Data", JsonFields.GetString(output, "dataFingerprint"));
        if (JsonFields.Get(output, "webhooks") is JsonArray webhooks && webhooks.Count > 0)
        {
            Add(grid, "Webhooks", string.Join("; ", webhooks.Select(Delivery)));
        }

        return grid;
    }

    /// <summary>Every history event.</summary>
    public static Table History(IReadOnlyList<HistoryEntry> history)
    {
        ArgumentNullException.ThrowIfNull(history);
        var table = new Table().Border(TableBorder.Rounded).AddColumns("Time", "Event", "Name", "Detail");
        foreach (var e in history)
        {
            var detail = e.EventType switch
            {
                "TimerCreated" or "TimerFired" => $"fire at {Formats.Time(e.FireAt)}",
                "ExecutionCompleted" => e.Reason is null ? e.OrchestrationStatus : $"{e.OrchestrationStatus}: {e.Reason}",
                _ when e.ScheduledTime is { } scheduled => e.Reason is null ? $"took {Formats.Duration(e.Timestamp - scheduled)}" : $"after {Formats.Duration(e.Timestamp - scheduled)}: {e.Reason}",
                _ => e.Reason,
            };
            table.AddRow(new Text(Formats.Time(e.Timestamp)), new Text(e.EventType), new Text(e.FunctionName ?? e.Name ?? e.InstanceId ?? string.Empty), new Text(detail ?? string.Empty));
        }

        return table;
    }

    private static string Delivery(JsonNode? webhook)
    {
        var name = JsonFields.GetString(webhook, "webhook") ?? "?";
        if (JsonFields.GetBool(webhook, "delivered") != true)
        {
            return JsonFields.GetString(webhook, "error") is { } error ? $"{name} not delivered: {error}" : $"{name} not delivered";
        }

        var facts = new List<string>();
        if (JsonFields.GetString(webhook, "statusCode") is { } status)
        {
            facts.Add($"HTTP {status}");
        }

        if (JsonFields.GetString(webhook, "attempts") is { } attempts)
        {
            facts.Add(attempts == "1" ? "1 attempt" : $"{attempts} attempts");
        }

        return facts.Count == 0 ? $"{name} delivered" : $"{name} delivered ({string.Join(", ", facts)})";
    }

    private static Grid KeyValueGrid() => new Grid().AddColumn(new GridColumn().NoWrap().PadRight(2)).AddColumn();

    private static void Add(Grid grid, string key, string value) => grid.AddRow(new Markup($"[bold]{Markup.Escape(key)}[/]"), new Text(value));

    private static void AddIf(Grid grid, string key, string? value)
    {
        if (value is not null)
        {
            Add(grid, key, value);
        }
    }

    private static string Shorten(string text) => text.Length <= 500 ? text : text[..500] + "…";
}
