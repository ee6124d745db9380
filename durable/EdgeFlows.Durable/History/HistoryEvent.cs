// The closed set of history events. An orchestration's history is the ordered list of
// these; replaying it through the orchestrator's code rebuilds the orchestrator's state.
// The same records travel as messages to an instance's inbox (task results, fired
// timers, raised events, control requests) before a turn moves them into history.
using System.Text.Json.Serialization;

namespace EdgeFlows.Durable.History;

/// <summary>
/// One event in an orchestration's history. <see cref="EventId"/> is the task id for
/// events that schedule work (task, timer, sub-orchestration) and -1 otherwise.
/// Payloads are JSON text as produced by the data converter.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(OrchestratorStarted), nameof(OrchestratorStarted))]
[JsonDerivedType(typeof(ExecutionStarted), nameof(ExecutionStarted))]
[JsonDerivedType(typeof(TaskScheduled), nameof(TaskScheduled))]
[JsonDerivedType(typeof(TaskCompleted), nameof(TaskCompleted))]
[JsonDerivedType(typeof(TaskFailed), nameof(TaskFailed))]
[JsonDerivedType(typeof(TimerCreated), nameof(TimerCreated))]
[JsonDerivedType(typeof(TimerFired), nameof(TimerFired))]
[JsonDerivedType(typeof(EventRaised), nameof(EventRaised))]
[JsonDerivedType(typeof(SubOrchestrationCreated), nameof(SubOrchestrationCreated))]
[JsonDerivedType(typeof(SubOrchestrationCompleted), nameof(SubOrchestrationCompleted))]
[JsonDerivedType(typeof(SubOrchestrationFailed), nameof(SubOrchestrationFailed))]
[JsonDerivedType(typeof(ExecutionSuspended), nameof(ExecutionSuspended))]
[JsonDerivedType(typeof(ExecutionResumed), nameof(ExecutionResumed))]
[JsonDerivedType(typeof(ExecutionTerminated), nameof(ExecutionTerminated))]
[JsonDerivedType(typeof(ExecutionCompleted), nameof(ExecutionCompleted))]
public abstract record HistoryEvent(DateTime Timestamp)
{
    /// <summary>The task id for scheduling events; -1 for the others.</summary>
    [JsonIgnore]
    public virtual int EventId => -1;

    /// <summary>The event's name as stored and shown in <c>historyEvents</c>.</summary>
    [JsonIgnore]
    public string EventType => GetType().Name;
}

/// <summary>A turn began. Its timestamp is <c>CurrentUtcDateTime</c> for the turn.</summary>
public sealed record OrchestratorStarted(DateTime Timestamp) : HistoryEvent(Timestamp);

/// <summary>
/// The execution started with this input. A sub-orchestration's names its parent, the task
/// that started it, and the parent execution its result is for.
/// </summary>
public sealed record ExecutionStarted(
    DateTime Timestamp,
    string Name,
    string InstanceId,
    string ExecutionId,
    string? Input,
    string? ParentInstanceId = null,
    int? ParentTaskId = null,
    string? TraceParent = null,
    string? ParentExecutionId = null) : HistoryEvent(Timestamp);

/// <summary>The orchestrator scheduled an activity.</summary>
public sealed record TaskScheduled(DateTime Timestamp, int TaskId, string Name, string? Input, int Attempt = 1)
    : HistoryEvent(Timestamp)
{
    /// <inheritdoc />
    public override int EventId => TaskId;
}

/// <summary>An activity returned.</summary>
public sealed record TaskCompleted(DateTime Timestamp, int TaskScheduledId, string? Result) : HistoryEvent(Timestamp);

/// <summary>An activity threw, or could not be run.</summary>
public sealed record TaskFailed(DateTime Timestamp, int TaskScheduledId, TaskFailureDetails FailureDetails) : HistoryEvent(Timestamp);

/// <summary>The orchestrator created a durable timer.</summary>
public sealed record TimerCreated(DateTime Timestamp, int TimerId, DateTime FireAt) : HistoryEvent(Timestamp)
{
    /// <inheritdoc />
    public override int EventId => TimerId;
}

/// <summary>A durable timer fired.</summary>
public sealed record TimerFired(DateTime Timestamp, int TimerId, DateTime FireAt) : HistoryEvent(Timestamp);

/// <summary>An external event arrived.</summary>
public sealed record EventRaised(DateTime Timestamp, string Name, string? Input) : HistoryEvent(Timestamp);

/// <summary>The orchestrator started a sub-orchestration.</summary>
public sealed record SubOrchestrationCreated(DateTime Timestamp, int TaskId, string Name, string InstanceId, string? Input)
    : HistoryEvent(Timestamp)
{
    /// <inheritdoc />
    public override int EventId => TaskId;
}

/// <summary>A sub-orchestration completed.</summary>
public sealed record SubOrchestrationCompleted(DateTime Timestamp, int TaskScheduledId, string? Result) : HistoryEvent(Timestamp);

/// <summary>A sub-orchestration failed or was terminated.</summary>
public sealed record SubOrchestrationFailed(DateTime Timestamp, int TaskScheduledId, TaskFailureDetails FailureDetails) : HistoryEvent(Timestamp);

/// <summary>A suspend request arrived.</summary>
public sealed record ExecutionSuspended(DateTime Timestamp, string? Reason) : HistoryEvent(Timestamp);

/// <summary>A resume request arrived.</summary>
public sealed record ExecutionResumed(DateTime Timestamp, string? Reason) : HistoryEvent(Timestamp);

/// <summary>A terminate request arrived.</summary>
public sealed record ExecutionTerminated(DateTime Timestamp, string? Reason) : HistoryEvent(Timestamp);

/// <summary>The execution ended.</summary>
public sealed record ExecutionCompleted(
    DateTime Timestamp,
    OrchestrationRuntimeStatus Status,
    string? Result,
    TaskFailureDetails? FailureDetails = null) : HistoryEvent(Timestamp);
