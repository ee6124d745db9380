// Live progress: one line per history event as it is committed, and the custom status as
// each poll finds it.
using System.Globalization;
using EdgeFlows.Durable.History;
using EdgeFlows.Samples.Demo.Orchestrations;
using Spectre.Console;

namespace EdgeFlows.Samples.Demo.Display;

internal sealed class ProgressPrinter(IAnsiConsole console)
{
    private readonly Dictionary<int, string> _taskNames = [];

    public void WriteStatus(RetrainPreviewStatus? status)
    {
        if (status is not null)
        {
            console.MarkupLine($"{new string(' ', 14)}[grey]status[/] [bold]step {status.Step}/{status.Steps}[/] · {Markup.Escape(status.Description)}");
        }
    }

    public void Write(HistoryEvent historyEvent)
    {
        var line = historyEvent switch
        {
            ExecutionStarted e => $"[green]▶[/] started [bold]{Markup.Escape(e.Name)}[/]",
            TaskScheduled e => Scheduled(e),
            TaskCompleted e => $"[green]✓[/] {Task(e.TaskScheduledId)} completed" + Detail(StepSummary.Describe(NameOf(e.TaskScheduledId), e.Result)),
            TaskFailed e => $"[red]✗[/] {Task(e.TaskScheduledId)} failed" + Detail($"{e.FailureDetails.ErrorType}: {e.FailureDetails.ErrorMessage}"),
            TimerCreated e => $"[yellow]⏱[/] durable timer #{e.TimerId} set" + Detail($"fires at {Time(e.FireAt)}"),
            TimerFired e => $"[yellow]⏱[/] durable timer #{e.TimerId} fired",
            ExecutionCompleted e => $"[bold]■[/] {Markup.Escape(e.Status.ToString())}",
            OrchestratorStarted => null,
            _ => Markup.Escape(historyEvent.EventType),
        };
        if (line is not null)
        {
            console.MarkupLine($"[grey]{Time(historyEvent.Timestamp)}[/]  {line}");
        }
    }

    private string Scheduled(TaskScheduled e)
    {
        _taskNames[e.TaskId] = e.Name;
        return $"[blue]→[/] {Task(e.TaskId)} scheduled" + (e.Attempt > 1 ? Detail($"attempt {e.Attempt}") : string.Empty);
    }

    private string NameOf(int taskId) => _taskNames.GetValueOrDefault(taskId, "?");

    private string Task(int taskId) => $"[bold]{Markup.Escape(NameOf(taskId))}[/] #{taskId}";

    private static string Detail(string? text) => text is null ? string.Empty : $"  [grey]{Markup.Escape(text)}[/]";

    private static string Time(DateTime utc) => utc.ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture);
}
