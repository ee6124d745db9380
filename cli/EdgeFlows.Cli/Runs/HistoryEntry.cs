namespace EdgeFlows.Cli.Runs;

/// <summary>
/// One event of a run's history as Durable Functions' status API shows it (<c>historyEvents</c>):
/// an activity or sub-orchestration that has finished is one event (TaskCompleted, TaskFailed,
/// SubOrchestrationInstanceCompleted/Failed) with its <see cref="FunctionName"/> and
/// <see cref="ScheduledTime"/>; one still running is its TaskScheduled (or
/// SubOrchestrationInstanceCreated); a fired timer is one TimerFired. Both backends give this
/// same shape, so what the CLI shows does not depend on how it reached the run.
/// </summary>
/// <param name="EventType">ExecutionStarted, TaskScheduled, TaskCompleted, TaskFailed, TimerCreated, TimerFired, EventRaised, …</param>
/// <param name="Timestamp">When it happened (for a finished call: when its result arrived).</param>
/// <param name="FunctionName">The activity, sub-orchestration or orchestrator.</param>
/// <param name="ScheduledTime">When a finished call was scheduled.</param>
/// <param name="FireAt">When a timer fires or fired.</param>
/// <param name="Name">An event's name (EventRaised).</param>
/// <param name="Reason">A terminate/suspend reason, or a failure's message.</param>
/// <param name="ErrorType">A failure's exception type.</param>
/// <param name="OrchestrationStatus">ExecutionCompleted: how the execution ended.</param>
/// <param name="InstanceId">A sub-orchestration's instance.</param>
public sealed record HistoryEntry(
    string EventType,
    DateTimeOffset Timestamp,
    string? FunctionName = null,
    DateTimeOffset? ScheduledTime = null,
    DateTimeOffset? FireAt = null,
    string? Name = null,
    string? Reason = null,
    string? ErrorType = null,
    string? OrchestrationStatus = null,
    string? InstanceId = null)
{
    /// <summary>An activity or sub-orchestration call that is still running.</summary>
    public bool IsPendingCall => EventType is "TaskScheduled" or "SubOrchestrationInstanceCreated";

    /// <summary>An activity or sub-orchestration call that has finished.</summary>
    public bool IsFinishedCall => EventType is "TaskCompleted" or "TaskFailed" or "SubOrchestrationInstanceCompleted" or "SubOrchestrationInstanceFailed";

    /// <summary>A finished call that failed.</summary>
    public bool IsFailedCall => EventType is "TaskFailed" or "SubOrchestrationInstanceFailed";

    /// <summary>A durable timer, waiting or fired.</summary>
    public bool IsTimer => EventType is "TimerCreated" or "TimerFired";
}
