// A run's stored history turned into the entries Durable Functions' status API shows (the
// app's historyEvents): a call and its result become one entry, a created timer that fired
// becomes its TimerFired, and OrchestratorStarted markers are left out. So a run read from the
// store looks exactly like the same run read over HTTP.
using EdgeFlows.Cli.Runs;
using EdgeFlows.Durable.History;

namespace EdgeFlows.Cli.Backends.Local;

/// <summary>Converts stored history events to <see cref="HistoryEntry"/>s.</summary>
internal static class LocalHistory
{
    public static IReadOnlyList<HistoryEntry> From(IReadOnlyList<HistoryEvent> history)
    {
        var scheduled = new Dictionary<int, HistoryEvent>();
        var finished = new HashSet<int>();
        foreach (var e in history)
        {
            switch (e)
            {
                case TaskScheduled or SubOrchestrationCreated or TimerCreated:
                    scheduled[e.EventId] = e;
                    break;
                case TaskCompleted c:
                    finished.Add(c.TaskScheduledId);
                    break;
                case TaskFailed f:
                    finished.Add(f.TaskScheduledId);
                    break;
                case SubOrchestrationCompleted c:
                    finished.Add(c.TaskScheduledId);
                    break;
                case SubOrchestrationFailed f:
                    finished.Add(f.TaskScheduledId);
                    break;
                case TimerFired t:
                    finished.Add(t.TimerId);
                    break;
            }
        }

        var entries = new List<HistoryEntry>();
        foreach (var e in history)
        {
            if (e is OrchestratorStarted || (e is TaskScheduled or SubOrchestrationCreated or TimerCreated && finished.Contains(e.EventId)))
            {
                continue;
            }

            entries.Add(Convert(e, scheduled));
        }

        return entries;
    }

    private static HistoryEntry Convert(HistoryEvent e, Dictionary<int, HistoryEvent> scheduled)
    {
        var at = Utc(e.Timestamp);
        return e switch
        {
            ExecutionStarted s => new HistoryEntry("ExecutionStarted", at, FunctionName: s.Name),
            TaskScheduled s => new HistoryEntry("TaskScheduled", at, FunctionName: s.Name),
            SubOrchestrationCreated s => new HistoryEntry("SubOrchestrationInstanceCreated", at, FunctionName: s.Name, InstanceId: s.InstanceId),
            TaskCompleted c => Call("TaskCompleted", at, c.TaskScheduledId, scheduled),
            TaskFailed f => Call("TaskFailed", at, f.TaskScheduledId, scheduled) with { Reason = f.FailureDetails.ErrorMessage, ErrorType = f.FailureDetails.ErrorType },
            SubOrchestrationCompleted c => Call("SubOrchestrationInstanceCompleted", at, c.TaskScheduledId, scheduled),
            SubOrchestrationFailed f => Call("SubOrchestrationInstanceFailed", at, f.TaskScheduledId, scheduled) with { Reason = f.FailureDetails.ErrorMessage, ErrorType = f.FailureDetails.ErrorType },
            TimerCreated t => new HistoryEntry("TimerCreated", at, FireAt: Utc(t.FireAt)),
            TimerFired t => new HistoryEntry("TimerFired", at, FireAt: Utc(t.FireAt)),
            EventRaised r => new HistoryEntry("EventRaised", at, Name: r.Name),
            ExecutionSuspended s => new HistoryEntry("ExecutionSuspended", at, Reason: s.Reason),
            ExecutionResumed r => new HistoryEntry("ExecutionResumed", at, Reason: r.Reason),
            ExecutionTerminated t => new HistoryEntry("ExecutionTerminated", at, Reason: t.Reason),
            ExecutionCompleted c => new HistoryEntry(
                "ExecutionCompleted", at, OrchestrationStatus: c.Status.ToString(), Reason: c.FailureDetails?.ErrorMessage, ErrorType: c.FailureDetails?.ErrorType),
            _ => new HistoryEntry(e.EventType, at),
        };
    }

    private static HistoryEntry Call(string type, DateTimeOffset at, int taskId, Dictionary<int, HistoryEvent> scheduled) =>
        scheduled.TryGetValue(taskId, out var call)
            ? new HistoryEntry(type, at, FunctionName: call switch
            {
                TaskScheduled t => t.Name,
                SubOrchestrationCreated s => s.Name,
                _ => null,
            }, ScheduledTime: Utc(call.Timestamp))
            : new HistoryEntry(type, at);

    public static DateTimeOffset Utc(DateTime time) => new(DateTime.SpecifyKind(time, DateTimeKind.Utc));
}
