// The records that cross the store contract.
using EdgeFlows.Durable.History;

namespace EdgeFlows.Durable.Stores;

/// <summary>A new instance to create (started by a client or as a sub-orchestration).</summary>
/// <param name="Started">Its ExecutionStarted event (name, ids, input, parent, trace context).</param>
/// <param name="StartAt">When the first turn may run; null for now.</param>
public sealed record NewOrchestration(ExecutionStarted Started, DateTime? StartAt = null)
{
    /// <summary>The instance id.</summary>
    public string InstanceId => Started.InstanceId;
}

/// <summary>
/// A message waiting in an instance's inbox. Id 0 marks a message delivered in memory (an
/// activity result from the same host, see <see cref="OrchestrationTurn.CompletedActivities"/>),
/// which has no inbox row.
/// </summary>
public sealed record InboxMessage(long Id, HistoryEvent Event);

/// <summary>A locked instance with the messages due for its next turn.</summary>
/// <param name="InstanceId">The instance.</param>
/// <param name="ExecutionId">Its current execution.</param>
/// <param name="Name">The orchestrator name.</param>
/// <param name="Status">Its status before this turn.</param>
/// <param name="HistoryCount">How many history events are committed (lets a cached state skip reloading).</param>
/// <param name="DeliveryCount">How many times this work has been locked without a commit, this one included.</param>
/// <param name="Messages">The due messages, oldest first.</param>
/// <param name="LockOwner">The owner holding the lock.</param>
public sealed record OrchestrationWorkItem(
    string InstanceId,
    string ExecutionId,
    string Name,
    OrchestrationRuntimeStatus Status,
    int HistoryCount,
    int DeliveryCount,
    IReadOnlyList<InboxMessage> Messages,
    string LockOwner)
{
    /// <summary>An activity call of the same owner whose result is among <see cref="Messages"/> in memory.</summary>
    public ActivityWorkItem? DeliveredActivity { get; init; }
}

/// <summary>An activity call to run.</summary>
public sealed record ActivityWorkItem(
    long Id,
    string InstanceId,
    string ExecutionId,
    int TaskId,
    string Name,
    string? Input,
    int Attempt,
    int DeliveryCount,
    string? TraceParent,
    string LockOwner)
{
    /// <summary>Stable across redeliveries of this call; see <see cref="TaskActivityContext.IdempotencyKey"/>.</summary>
    public string IdempotencyKey => $"{InstanceId}/{ExecutionId}/{TaskId}";

    /// <summary>When the orchestration scheduled the call (UTC); feeds the queue latency metric.</summary>
    public DateTime ScheduledAt { get; init; }
}

/// <summary>A message to put in an inbox, due at <paramref name="DueAt"/> (null: now).</summary>
/// <param name="InstanceId">The target instance.</param>
/// <param name="Event">The message.</param>
/// <param name="DueAt">When it becomes due; null for now.</param>
/// <param name="TargetExecutionId">
/// Deliver only while the target runs this execution (a sub-orchestration's result is for
/// the parent execution that started it, not for one after a continue-as-new); null
/// delivers to any execution that has not finished.
/// </param>
public sealed record OutgoingMessage(string InstanceId, HistoryEvent Event, DateTime? DueAt = null, string? TargetExecutionId = null);

/// <summary>A new activity call from a turn.</summary>
public sealed record ActivityRequest(int TaskId, string Name, string? Input, int Attempt, string? TraceParent);

/// <summary>
/// Everything one orchestration turn commits, atomically.
/// </summary>
/// <param name="NewHistory">Events to append to the history; not written when <paramref name="NewExecution"/> is set.</param>
/// <param name="ConsumedMessageIds">Inbox messages the turn processed (deleted).</param>
/// <param name="Status">The instance's status after the turn.</param>
/// <param name="CustomStatus">The custom status JSON, when <paramref name="CustomStatusChanged"/>.</param>
/// <param name="CustomStatusChanged">Whether to write <paramref name="CustomStatus"/>.</param>
/// <param name="Output">The output JSON when finished.</param>
/// <param name="Failure">The failure when Failed.</param>
/// <param name="Activities">New activity work.</param>
/// <param name="Messages">Messages for this or other instances (timers are messages due later).</param>
/// <param name="SubOrchestrations">
/// New instances to create. A finished instance with the same id is replaced, as Durable
/// Task does (an eternal orchestration reuses its children's ids after continue-as-new);
/// one still running makes the call fail with a <see cref="SubOrchestrationFailed"/> message.
/// </param>
/// <param name="NewExecution">
/// For continue-as-new: the next execution's ExecutionStarted. The history is cleared (this
/// turn's <paramref name="NewHistory"/> belongs to the ending execution and is not kept), the
/// instance gets the new execution id and input, and this event goes to its inbox ahead of
/// the carried <paramref name="Messages"/>. Timers and task results still in the inbox, and
/// activity calls not yet leased, belonged to the ended execution and are deleted.
/// </param>
/// <param name="CompletedActivities">
/// Activity calls leased by the same owner whose results this turn took in memory (inbox
/// id 0) rather than from the inbox: deleted in the same commit, which fails with
/// <see cref="LeaseLostException"/> if any of their leases was lost.
/// </param>
public sealed record OrchestrationTurn(
    IReadOnlyList<HistoryEvent> NewHistory,
    IReadOnlyList<long> ConsumedMessageIds,
    OrchestrationRuntimeStatus Status,
    string? CustomStatus = null,
    bool CustomStatusChanged = false,
    string? Output = null,
    TaskFailureDetails? Failure = null,
    IReadOnlyList<ActivityRequest>? Activities = null,
    IReadOnlyList<OutgoingMessage>? Messages = null,
    IReadOnlyList<NewOrchestration>? SubOrchestrations = null,
    ExecutionStarted? NewExecution = null,
    IReadOnlyList<ActivityWorkItem>? CompletedActivities = null);

/// <summary>An instance's state as clients see it.</summary>
public sealed record OrchestrationInstance(
    string InstanceId,
    string Name,
    string ExecutionId,
    OrchestrationRuntimeStatus Status,
    string? Input,
    string? Output,
    string? CustomStatus,
    TaskFailureDetails? Failure,
    DateTime CreatedAt,
    DateTime LastUpdatedAt,
    DateTime? CompletedAt,
    string? ParentInstanceId);

/// <summary>Filters and paging for <see cref="IOrchestrationStore.QueryInstancesAsync"/>.</summary>
/// <param name="Statuses">Only these statuses; null or empty for all.</param>
/// <param name="Name">Only instances of this orchestrator.</param>
/// <param name="InstanceIdPrefix">Only ids starting with this.</param>
/// <param name="CreatedFrom">Created at or after (UTC).</param>
/// <param name="CreatedTo">Created before (UTC).</param>
/// <param name="PageSize">Items per page (1–1000).</param>
/// <param name="ContinuationToken">From the previous page; null for the first.</param>
/// <param name="IncludePayloads">Return inputs, outputs and custom status.</param>
public sealed record InstanceQuery(
    IReadOnlyCollection<OrchestrationRuntimeStatus>? Statuses = null,
    string? Name = null,
    string? InstanceIdPrefix = null,
    DateTime? CreatedFrom = null,
    DateTime? CreatedTo = null,
    int PageSize = 100,
    string? ContinuationToken = null,
    bool IncludePayloads = false);

/// <summary>One page of instances; <paramref name="ContinuationToken"/> is null on the last.</summary>
public sealed record InstancePage(IReadOnlyList<OrchestrationInstance> Items, string? ContinuationToken);

/// <summary>Which finished instances a purge removes.</summary>
/// <param name="CreatedFrom">Created at or after (UTC).</param>
/// <param name="CreatedTo">Created before (UTC).</param>
/// <param name="Statuses">Only these terminal statuses; null for Completed, Failed and Terminated.</param>
public sealed record PurgeFilter(DateTime? CreatedFrom = null, DateTime? CreatedTo = null, IReadOnlyCollection<OrchestrationRuntimeStatus>? Statuses = null);

/// <summary>Work ready now: instances with due messages, and activities not leased.</summary>
public sealed record QueueDepth(long OrchestrationsReady, long ActivitiesReady);

/// <summary>
/// Asks a commit to lease follow-up work to the committing owner in the same transaction.
/// </summary>
/// <param name="MaxItems">Most items to lease (≥ 1).</param>
/// <param name="Lease">How long the lease lasts.</param>
public sealed record WorkClaim(int MaxItems, TimeSpan Lease);
