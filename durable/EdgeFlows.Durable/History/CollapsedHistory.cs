// A history as Durable Functions' status API lists it: a call (activity, sub-orchestration,
// timer) that has its result is shown once, as the result, and OrchestratorStarted markers are
// left out; a call still waiting stays as its scheduling event. Renderers (the app's
// historyEvents JSON, the CLI's local backend) look up a result's call with ScheduledBy.
namespace EdgeFlows.Durable.History;

/// <summary>The events of a history worth showing, with each result's scheduling event at hand.</summary>
public sealed class CollapsedHistory
{
    private readonly Dictionary<int, HistoryEvent> _scheduled;

    private CollapsedHistory(IReadOnlyList<HistoryEvent> events, Dictionary<int, HistoryEvent> scheduled)
    {
        Events = events;
        _scheduled = scheduled;
    }

    /// <summary>The events to show, in history order.</summary>
    public IReadOnlyList<HistoryEvent> Events { get; }

    /// <summary>Collapses <paramref name="history"/> (one execution's events, in order).</summary>
    public static CollapsedHistory Of(IReadOnlyList<HistoryEvent> history)
    {
        ArgumentNullException.ThrowIfNull(history);
        var scheduled = new Dictionary<int, HistoryEvent>();
        var finished = new HashSet<int>();
        foreach (var e in history)
        {
            if (e is TaskScheduled or SubOrchestrationCreated or TimerCreated)
            {
                scheduled[e.EventId] = e;
            }
            else if (ResultOf(e) is { } callId)
            {
                finished.Add(callId);
            }
        }

        var events = history
            .Where(e => e is not OrchestratorStarted && !(e is TaskScheduled or SubOrchestrationCreated or TimerCreated && finished.Contains(e.EventId)))
            .ToList();
        return new CollapsedHistory(events, scheduled);
    }

    /// <summary>The event that scheduled call <paramref name="callId"/>, or null when the history lacks it.</summary>
    public HistoryEvent? ScheduledBy(int callId) => _scheduled.GetValueOrDefault(callId);

    private static int? ResultOf(HistoryEvent e) => e switch
    {
        TaskCompleted c => c.TaskScheduledId,
        TaskFailed f => f.TaskScheduledId,
        SubOrchestrationCompleted c => c.TaskScheduledId,
        SubOrchestrationFailed f => f.TaskScheduledId,
        TimerFired t => t.TimerId,
        _ => null,
    };
}
