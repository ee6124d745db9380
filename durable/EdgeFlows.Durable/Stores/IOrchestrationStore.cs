// The one store contract. Every store (SQLite, PostgreSQL) implements it and passes the
// same conformance suite (tests/EdgeFlows.Durable.Tests/Stores/StoreConformanceTests.cs).
using EdgeFlows.Durable.History;

namespace EdgeFlows.Durable.Stores;

/// <summary>
/// Durable state of all orchestrations: instances, their histories, their inboxes (messages
/// waiting for the next turn, including timers not yet due) and activity work.
/// <para>
/// Work is leased: a host locks a work item with an owner name and an expiry, and its
/// result commits only while the lock is still its own (otherwise
/// <see cref="LeaseLostException"/>). An item whose lease expires is handed to another
/// host, and its delivery count goes up, so poison work can be told apart.
/// </para>
/// <para>
/// An orchestration turn commits atomically (<see cref="CompleteOrchestrationAsync"/>): new
/// history, instance status, new activity work, timers, messages to other instances and
/// new sub-orchestrations, and removal of the inbox messages the turn consumed. Nothing is
/// half-done after a crash.
/// </para>
/// All methods are thread-safe. Times are UTC.
/// </summary>
public interface IOrchestrationStore : IAsyncDisposable
{
    /// <summary>Wakes dispatchers in this process when work they can take was committed here.</summary>
    WorkSignals Signals { get; }

    /// <summary>Creates the schema if needed and checks the database is an EdgeFlows store.</summary>
    /// <exception cref="StoreCorruptedException">The database is foreign, damaged, or of a newer schema.</exception>
    Task InitializeAsync(CancellationToken cancellationToken = default);

    /// <summary>Creates an instance and its ExecutionStarted message.</summary>
    /// <returns>True if created; false if it existed and the policy says to skip.</returns>
    /// <exception cref="OrchestrationAlreadyExistsException">It exists and the policy does not allow reuse.</exception>
    Task<bool> CreateInstanceAsync(NewOrchestration orchestration, OrchestrationIdReusePolicy reusePolicy, CancellationToken cancellationToken = default);

    /// <summary>Puts a message (event, terminate, suspend, resume) in an instance's inbox.</summary>
    /// <exception cref="OrchestrationNotFoundException">No such instance.</exception>
    /// <exception cref="InvalidOperationException">The instance has finished and takes no more messages.</exception>
    Task SendMessageAsync(string instanceId, HistoryEvent message, CancellationToken cancellationToken = default);

    /// <summary>Locks up to <paramref name="maxItems"/> instances that have due messages.</summary>
    Task<IReadOnlyList<OrchestrationWorkItem>> LockNextOrchestrationsAsync(string owner, int maxItems, TimeSpan lease, CancellationToken cancellationToken = default);

    /// <summary>The committed history of an instance's current execution, in order.</summary>
    Task<IReadOnlyList<HistoryEvent>> GetHistoryAsync(string instanceId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Commits a turn and releases the lock. With <paramref name="claimActivities"/>, the same
    /// transaction also leases up to that many of the turn's new activity calls to the same
    /// owner, so the host runs them without another poll or commit (the hot path).
    /// </summary>
    /// <returns>The activity calls leased by the claim (empty without one).</returns>
    /// <exception cref="LeaseLostException">Another owner holds the instance now; nothing was written.</exception>
    Task<IReadOnlyList<ActivityWorkItem>> CompleteOrchestrationAsync(OrchestrationWorkItem workItem, OrchestrationTurn turn, WorkClaim? claimActivities = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Releases the lock without committing; the messages stay for the next delivery. A
    /// release is a clean hand-back (shutdown, a lease given up), so it does not count as a
    /// delivery towards the poison limit; work that fails without a release does.
    /// </summary>
    Task AbandonOrchestrationAsync(OrchestrationWorkItem workItem, CancellationToken cancellationToken = default);

    /// <summary>Locks up to <paramref name="maxItems"/> activity work items that are not leased.</summary>
    Task<IReadOnlyList<ActivityWorkItem>> LockNextActivitiesAsync(string owner, int maxItems, TimeSpan lease, CancellationToken cancellationToken = default);

    /// <summary>
    /// Removes the work item and delivers its result (<see cref="TaskCompleted"/> or
    /// <see cref="TaskFailed"/>) to the instance's inbox in one transaction. A result for an
    /// instance that has finished, restarted or been purged is dropped.
    /// </summary>
    /// <exception cref="LeaseLostException">The lease was lost; another host may be running the item.</exception>
    Task CompleteActivityAsync(ActivityWorkItem workItem, HistoryEvent result, CancellationToken cancellationToken = default);

    /// <summary>
    /// Locks one instance for <paramref name="owner"/> if nobody holds it, with its due
    /// messages (possibly none). The hot path uses it to run the turn for an activity result
    /// of its own: the result then enters history and leaves the activity queue in that
    /// turn's commit (<see cref="OrchestrationTurn.CompletedActivities"/>), one commit for both.
    /// </summary>
    /// <returns>The work item, or null when the instance is missing or held by someone.</returns>
    Task<OrchestrationWorkItem?> LockInstanceAsync(string instanceId, string owner, TimeSpan lease, CancellationToken cancellationToken = default);

    /// <summary>
    /// Releases an activity's lock so it is delivered again at once. Like
    /// <see cref="AbandonOrchestrationAsync"/>, it does not count as a delivery.
    /// </summary>
    Task AbandonActivityAsync(ActivityWorkItem workItem, CancellationToken cancellationToken = default);

    /// <summary>Extends the leases of running activities; returns the ones whose lease was lost.</summary>
    Task<IReadOnlyList<ActivityWorkItem>> RenewActivityLeasesAsync(IReadOnlyList<ActivityWorkItem> workItems, TimeSpan lease, CancellationToken cancellationToken = default);

    /// <summary>The earliest time a message not yet due becomes due, if any.</summary>
    Task<DateTime?> GetNextDueTimeAsync(CancellationToken cancellationToken = default);

    /// <summary>An instance's state, or null.</summary>
    Task<OrchestrationInstance?> GetInstanceAsync(string instanceId, bool includePayloads = true, CancellationToken cancellationToken = default);

    /// <summary>Instances matching a query, newest first, one page at a time.</summary>
    Task<InstancePage> QueryInstancesAsync(InstanceQuery query, CancellationToken cancellationToken = default);

    /// <summary>Deletes a finished instance with its history and messages.</summary>
    /// <returns>True if deleted, false if there was no such instance.</returns>
    /// <exception cref="InvalidOperationException">The instance has not finished.</exception>
    Task<bool> PurgeInstanceAsync(string instanceId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Deletes up to <paramref name="batchSize"/> finished instances matching the filter in one
    /// transaction. Callers loop until it returns 0, so a large purge never holds the store long.
    /// </summary>
    Task<int> PurgeInstancesBatchAsync(PurgeFilter filter, int batchSize, CancellationToken cancellationToken = default);

    /// <summary>Counts of work ready now, for metrics.</summary>
    Task<QueueDepth> GetQueueDepthAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Raises an event for what a trigger found, exactly once: in one transaction, if none of
    /// <paramref name="receiptKeys"/> is recorded yet, records them all, creates the instance
    /// from <paramref name="startIfMissing"/> when it does not exist or has finished (replacing
    /// the finished one), and puts <paramref name="message"/> in its inbox. If any key is
    /// recorded already, nothing is written. Receipts outlive instances: purging an instance
    /// keeps them, so a version a trigger has reported is never reported again.
    /// </summary>
    /// <returns>True if the event was raised; false if a receipt existed (another host or an earlier call got there first).</returns>
    /// <exception cref="ArgumentException"><paramref name="startIfMissing"/> names another instance, or no receipt key is given.</exception>
    Task<bool> RaiseEventWithReceiptsAsync(
        string instanceId,
        EventRaised message,
        IReadOnlyCollection<string> receiptKeys,
        ExecutionStarted startIfMissing,
        CancellationToken cancellationToken = default);

    /// <summary>The recorded receipt keys that start with <paramref name="keyPrefix"/> (ordinal), in no particular order.</summary>
    Task<IReadOnlyCollection<string>> GetReceiptsAsync(string keyPrefix, CancellationToken cancellationToken = default);

    /// <summary>
    /// Deletes these receipts, in one transaction. For a trigger's receipts of versions that
    /// can never be seen again (a blob overwritten or deleted: its ETag never comes back), so
    /// the store does not grow with every version ever reported. A deleted key can be recorded
    /// again by <see cref="RaiseEventWithReceiptsAsync"/>.
    /// </summary>
    /// <returns>How many of the keys were recorded (and are now deleted).</returns>
    Task<int> DeleteReceiptsAsync(IReadOnlyCollection<string> receiptKeys, CancellationToken cancellationToken = default);
}

/// <summary>What to do when a start request names an instance id that exists.</summary>
public enum OrchestrationIdReusePolicy
{
    /// <summary>Fail with <see cref="OrchestrationAlreadyExistsException"/>.</summary>
    Error,

    /// <summary>Leave the existing instance alone and report that nothing was created.</summary>
    SkipIfExists,

    /// <summary>Replace it if it has finished (Completed, Failed, Terminated); fail otherwise.</summary>
    ReplaceIfFinished,
}
