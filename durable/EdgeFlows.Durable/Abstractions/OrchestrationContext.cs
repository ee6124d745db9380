using Microsoft.Extensions.Logging;

namespace EdgeFlows.Durable;

/// <summary>
/// What orchestrator code uses to schedule work. Orchestrator code is replayed from its
/// history at every turn, or after a restart, so it must be deterministic: take time from
/// <see cref="CurrentUtcDateTime"/>, ids from <see cref="NewGuid"/>, do I/O only in
/// activities, and await only tasks this context returns (and <c>Task.WhenAll</c> /
/// <c>Task.WhenAny</c> over them). The runtime checks this: different actions on replay
/// fail the instance with a non-determinism error, and awaiting foreign work
/// (<c>Task.Delay</c>, <c>Task.Run</c>, I/O, <c>ConfigureAwait(false)</c>) is reported.
/// </summary>
public abstract class OrchestrationContext
{
    /// <summary>The orchestrator's name.</summary>
    public abstract string Name { get; }

    /// <summary>The instance id.</summary>
    public abstract string InstanceId { get; }

    /// <summary>The id of this execution; changes on continue-as-new.</summary>
    public abstract string ExecutionId { get; }

    /// <summary>The parent's instance id when this is a sub-orchestration.</summary>
    public abstract string? ParentInstanceId { get; }

    /// <summary>The time the current turn started, the same on every replay.</summary>
    public abstract DateTime CurrentUtcDateTime { get; }

    /// <summary>True while the code re-runs history; side effects such as logging should be skipped.</summary>
    public abstract bool IsReplaying { get; }

    /// <summary>The input, deserialized.</summary>
    public abstract T? GetInput<T>();

    /// <summary>
    /// Schedules an activity and returns its result. The activity runs at least once (again
    /// after a host crash), so it should be idempotent; see <see cref="TaskActivityContext.IdempotencyKey"/>.
    /// </summary>
    /// <exception cref="TaskFailedException">The activity failed (after retries, if any).</exception>
    public abstract Task<TResult> CallActivityAsync<TResult>(string name, object? input = null, TaskOptions? options = null);

    /// <summary>Schedules an activity that returns nothing useful.</summary>
    public virtual Task CallActivityAsync(string name, object? input = null, TaskOptions? options = null) =>
        CallActivityAsync<object?>(name, input, options);

    /// <summary>Starts a sub-orchestration and returns its output.</summary>
    /// <exception cref="TaskFailedException">The sub-orchestration failed or was terminated.</exception>
    public abstract Task<TResult> CallSubOrchestratorAsync<TResult>(string name, object? input = null, TaskOptions? options = null);

    /// <summary>Starts a sub-orchestration whose output is not needed.</summary>
    public virtual Task CallSubOrchestratorAsync(string name, object? input = null, TaskOptions? options = null) =>
        CallSubOrchestratorAsync<object?>(name, input, options);

    /// <summary>
    /// A durable timer: completes at <paramref name="fireAt"/> (UTC), also across restarts.
    /// Cancelling the token makes the returned task cancelled; the timer stays in history.
    /// </summary>
    public abstract Task CreateTimer(DateTime fireAt, CancellationToken cancellationToken);

    /// <summary>A durable timer that fires <paramref name="delay"/> after <see cref="CurrentUtcDateTime"/>.</summary>
    public virtual Task CreateTimer(TimeSpan delay, CancellationToken cancellationToken) =>
        CreateTimer(CurrentUtcDateTime + delay, cancellationToken);

    /// <summary>
    /// Waits for an external event with this name (case-insensitive). Events raised before the
    /// orchestrator waits are kept and delivered in arrival order.
    /// </summary>
    /// <param name="eventName">The event's name.</param>
    /// <param name="timeout">How long to wait; null waits forever. On timeout the task is cancelled (<see cref="TaskCanceledException"/>).</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    public abstract Task<T> WaitForExternalEvent<T>(string eventName, TimeSpan? timeout = null, CancellationToken cancellationToken = default);

    /// <summary>A GUID that is the same on every replay (name-based, from the instance id and a counter).</summary>
    public abstract Guid NewGuid();

    /// <summary>Sets the status shown to clients as <c>customStatus</c>; null clears it. Kept with the instance, not history.</summary>
    public abstract void SetCustomStatus(object? customStatus);

    /// <summary>
    /// Ends this execution and starts a new one of the same instance with <paramref name="newInput"/>
    /// and an empty history, once the orchestrator returns.
    /// </summary>
    /// <param name="newInput">The next execution's input.</param>
    /// <param name="preserveUnprocessedEvents">Carry events that arrived but were not awaited into the new execution.</param>
    public abstract void ContinueAsNew(object? newInput, bool preserveUnprocessedEvents = true);

    /// <summary>A logger that writes only when the code is not replaying.</summary>
    public abstract ILogger CreateReplaySafeLogger(ILogger logger);

    /// <summary>A replay-safe logger for the given category.</summary>
    public abstract ILogger CreateReplaySafeLogger(string categoryName);
}
