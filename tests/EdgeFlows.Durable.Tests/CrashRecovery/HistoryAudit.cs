// Checks that a finished history is well-formed after any number of crashes: every
// orchestrator decision (activity, timer, sub-orchestration) was recorded once under its
// own task id, ids run 0..n-1 without gaps, and each decision got exactly one outcome.
using EdgeFlows.Durable.History;

namespace EdgeFlows.Durable.Tests.CrashRecovery;

/// <summary>What one completed history holds, and what is wrong with it.</summary>
internal sealed record HistoryAudit(
    string InstanceId,
    string ExecutionId,
    IReadOnlyList<int> ActivityTaskIds,
    int Timers,
    int SubOrchestrations,
    int EventsRaised,
    IReadOnlyList<string> Problems)
{
    /// <summary>The idempotency keys of the activity calls (see ActivityWorkItem.IdempotencyKey).</summary>
    public IEnumerable<string> ActivityKeys => ActivityTaskIds.Select(id => $"{InstanceId}/{ExecutionId}/{id}");

    public static HistoryAudit Of(string instanceId, IReadOnlyList<HistoryEvent> history)
    {
        var problems = new List<string>();
        var started = history.OfType<ExecutionStarted>().ToList();
        if (started.Count != 1 || history.Count < 2 || history[0] is not OrchestratorStarted || history[1] is not ExecutionStarted)
        {
            problems.Add($"expected one ExecutionStarted right after the first OrchestratorStarted, found {started.Count}");
        }

        var completed = history.OfType<ExecutionCompleted>().ToList();
        if (completed.Count != 1 || history[^1] is not ExecutionCompleted { Status: OrchestrationRuntimeStatus.Completed })
        {
            problems.Add($"expected one ExecutionCompleted (Completed) as the last event, found {completed.Count}");
        }

        // Decisions share one task-id counter, so together their ids must be exactly 0..n-1.
        var decisions = history.Where(e => e is TaskScheduled or TimerCreated or SubOrchestrationCreated).ToList();
        foreach (var duplicate in decisions.GroupBy(e => e.EventId).Where(g => g.Count() > 1))
        {
            problems.Add($"task id {duplicate.Key} was decided {duplicate.Count()} times ({string.Join(", ", duplicate.Select(e => e.EventType))})");
        }

        var ids = decisions.Select(e => e.EventId).Distinct().Order().ToList();
        if (!ids.SequenceEqual(Enumerable.Range(0, ids.Count)))
        {
            problems.Add($"task ids are not contiguous from 0: {string.Join(",", ids)}");
        }

        CheckOutcomes(history, problems);
        return new HistoryAudit(
            instanceId,
            started.FirstOrDefault()?.ExecutionId ?? "?",
            [.. history.OfType<TaskScheduled>().Select(e => e.TaskId)],
            history.OfType<TimerCreated>().Count(),
            history.OfType<SubOrchestrationCreated>().Count(),
            history.OfType<EventRaised>().Count(),
            problems);
    }

    private static void CheckOutcomes(IReadOnlyList<HistoryEvent> history, List<string> problems)
    {
        // Each decision kind has its own outcome events, which must follow the decision.
        var decisions = history.Select((e, i) => e switch
        {
            TaskScheduled s => new Mark("activity", s.TaskId, i),
            TimerCreated t => new Mark("timer", t.TimerId, i),
            SubOrchestrationCreated s => new Mark("sub-orchestration", s.TaskId, i),
            _ => null,
        }).OfType<Mark>().ToList();
        var outcomes = history.Select((e, i) => e switch
        {
            TaskCompleted c => new Mark("activity", c.TaskScheduledId, i),
            TaskFailed f => new Mark("activity", f.TaskScheduledId, i),
            TimerFired t => new Mark("timer", t.TimerId, i),
            SubOrchestrationCompleted s => new Mark("sub-orchestration", s.TaskScheduledId, i),
            SubOrchestrationFailed s => new Mark("sub-orchestration", s.TaskScheduledId, i),
            _ => null,
        }).OfType<Mark>().ToList();

        foreach (var decision in decisions)
        {
            var matching = outcomes.Where(o => o.Kind == decision.Kind && o.Id == decision.Id).ToList();
            if (matching.Count != 1)
            {
                problems.Add($"{decision.Kind} #{decision.Id} has {matching.Count} outcomes, not 1");
            }
            else if (matching[0].Index < decision.Index)
            {
                problems.Add($"{decision.Kind} #{decision.Id} has its outcome before it was decided");
            }
        }

        foreach (var orphan in outcomes.Where(o => !decisions.Any(d => d.Kind == o.Kind && d.Id == o.Id)))
        {
            problems.Add($"an outcome for {orphan.Kind} #{orphan.Id}, which was never decided");
        }
    }

    /// <summary>A decision or an outcome: its kind, task id and position in the history.</summary>
    private sealed record Mark(string Kind, int Id, int Index);
}
