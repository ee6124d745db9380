// The full history of a run as a table: every event the runtime recorded, in order.
using System.Globalization;
using EdgeFlows.Durable.History;
using Spectre.Console;

namespace EdgeFlows.Samples.Demo.Display;

internal static class HistoryTable
{
    private const int MaxDetailLength = 90;

    public static void Write(IAnsiConsole console, IReadOnlyList<HistoryEvent> history)
    {
        var table = new Table()
            .Title("[bold]History[/] (what the runtime replays the orchestrator from)")
            .AddColumn(new TableColumn("#").RightAligned())
            .AddColumn("Time (UTC)")
            .AddColumn("Event")
            .AddColumn("Task")
            .AddColumn("Details");
        var names = new Dictionary<int, string>();
        for (var i = 0; i < history.Count; i++)
        {
            var e = history[i];
            var (task, details) = Describe(e, names);
            table.AddRow(
                i.ToString(CultureInfo.InvariantCulture),
                e.Timestamp.ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture),
                Markup.Escape(e.EventType),
                Markup.Escape(task),
                Markup.Escape(Shorten(details)));
        }

        console.Write(table);
    }

    private static (string Task, string Details) Describe(HistoryEvent e, Dictionary<int, string> names)
    {
        string Task(int id) => $"{names.GetValueOrDefault(id, "?")} #{id}";
        switch (e)
        {
            case ExecutionStarted s:
                return (s.Name, $"instance {s.InstanceId}");
            case TaskScheduled s:
                names[s.TaskId] = s.Name;
                return (Task(s.TaskId), $"attempt {s.Attempt}");
            case TaskCompleted c:
                return (Task(c.TaskScheduledId), StepSummary.Describe(names.GetValueOrDefault(c.TaskScheduledId, "?"), c.Result) ?? string.Empty);
            case TaskFailed f:
                return (Task(f.TaskScheduledId), f.FailureDetails.ToString());
            case TimerCreated t:
                names[t.TimerId] = "timer";
                return (Task(t.TimerId), $"fires at {t.FireAt.ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture)}");
            case TimerFired t:
                return (Task(t.TimerId), string.Empty);
            case SubOrchestrationCreated s:
                names[s.TaskId] = s.Name;
                return (Task(s.TaskId), $"instance {s.InstanceId}");
            case EventRaised r:
                return (string.Empty, $"event '{r.Name}'");
            case ExecutionCompleted c:
                return (string.Empty, c.FailureDetails is null ? c.Status.ToString() : $"{c.Status}: {c.FailureDetails}");
            default:
                return (string.Empty, string.Empty);
        }
    }

    private static string Shorten(string text) => text.Length <= MaxDetailLength ? text : text[..(MaxDetailLength - 1)] + "…";
}
