// A pass-through decorator of the real store. It shows the benchmark two things the
// client API cannot show precisely: the moment an instance's final turn is committed (a
// client polls with back-off, which would blur elapsed times by up to a second), and how
// often and how long each store operation ran (--profile). It changes no behaviour.
using System.Collections.Concurrent;
using System.Diagnostics;
using EdgeFlows.Durable;
using EdgeFlows.Durable.History;
using EdgeFlows.Durable.Stores;

namespace EdgeFlows.Bench.Measurement;

/// <summary>An instance's final status and the <see cref="Stopwatch"/> timestamp its commit completed.</summary>
internal sealed record FinishedInstance(string InstanceId, OrchestrationRuntimeStatus Status, long Timestamp);

/// <summary>Wraps a store; see the file header.</summary>
internal sealed class ObservedStore(IOrchestrationStore inner) : IOrchestrationStore
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource<FinishedInstance>> _finished = new();

    public StoreProfile Profile { get; } = new();

    public WorkSignals Signals => inner.Signals;

    /// <summary>Completes when the instance's terminal turn commits. Call before starting the instance.</summary>
    public Task<FinishedInstance> WhenFinished(string instanceId) =>
        _finished.GetOrAdd(instanceId, _ => new TaskCompletionSource<FinishedInstance>(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    public async Task<IReadOnlyList<ActivityWorkItem>> CompleteOrchestrationAsync(OrchestrationWorkItem workItem, OrchestrationTurn turn, WorkClaim? claimActivities = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(workItem);
        ArgumentNullException.ThrowIfNull(turn);
        var claimed = await Profile.TimeAsync(nameof(CompleteOrchestrationAsync), () => inner.CompleteOrchestrationAsync(workItem, turn, claimActivities, cancellationToken));
        if (turn.Status.IsTerminal() && _finished.TryGetValue(workItem.InstanceId, out var finished))
        {
            finished.TrySetResult(new FinishedInstance(workItem.InstanceId, turn.Status, Stopwatch.GetTimestamp()));
        }

        return claimed;
    }

    public Task<OrchestrationWorkItem?> LockInstanceAsync(string instanceId, string owner, TimeSpan lease, CancellationToken cancellationToken = default) =>
        Profile.TimeAsync(nameof(LockInstanceAsync), () => inner.LockInstanceAsync(instanceId, owner, lease, cancellationToken));

    public Task InitializeAsync(CancellationToken cancellationToken = default) => inner.InitializeAsync(cancellationToken);

    public Task<bool> CreateInstanceAsync(NewOrchestration orchestration, OrchestrationIdReusePolicy reusePolicy, CancellationToken cancellationToken = default) =>
        Profile.TimeAsync(nameof(CreateInstanceAsync), () => inner.CreateInstanceAsync(orchestration, reusePolicy, cancellationToken));

    public Task SendMessageAsync(string instanceId, HistoryEvent message, CancellationToken cancellationToken = default) =>
        Profile.TimeAsync(nameof(SendMessageAsync), () => inner.SendMessageAsync(instanceId, message, cancellationToken));

    public Task<IReadOnlyList<OrchestrationWorkItem>> LockNextOrchestrationsAsync(string owner, int maxItems, TimeSpan lease, CancellationToken cancellationToken = default) =>
        Profile.TimeBatchAsync(nameof(LockNextOrchestrationsAsync), () => inner.LockNextOrchestrationsAsync(owner, maxItems, lease, cancellationToken));

    public Task<IReadOnlyList<HistoryEvent>> GetHistoryAsync(string instanceId, CancellationToken cancellationToken = default) =>
        Profile.TimeAsync(nameof(GetHistoryAsync), () => inner.GetHistoryAsync(instanceId, cancellationToken));

    public Task AbandonOrchestrationAsync(OrchestrationWorkItem workItem, CancellationToken cancellationToken = default) =>
        Profile.TimeAsync(nameof(AbandonOrchestrationAsync), () => inner.AbandonOrchestrationAsync(workItem, cancellationToken));

    public Task<IReadOnlyList<ActivityWorkItem>> LockNextActivitiesAsync(string owner, int maxItems, TimeSpan lease, CancellationToken cancellationToken = default) =>
        Profile.TimeBatchAsync(nameof(LockNextActivitiesAsync), () => inner.LockNextActivitiesAsync(owner, maxItems, lease, cancellationToken));

    public Task CompleteActivityAsync(ActivityWorkItem workItem, HistoryEvent result, CancellationToken cancellationToken = default) =>
        Profile.TimeAsync(nameof(CompleteActivityAsync), () => inner.CompleteActivityAsync(workItem, result, cancellationToken));

    public Task AbandonActivityAsync(ActivityWorkItem workItem, CancellationToken cancellationToken = default) =>
        Profile.TimeAsync(nameof(AbandonActivityAsync), () => inner.AbandonActivityAsync(workItem, cancellationToken));

    public Task<IReadOnlyList<ActivityWorkItem>> RenewActivityLeasesAsync(IReadOnlyList<ActivityWorkItem> workItems, TimeSpan lease, CancellationToken cancellationToken = default) =>
        Profile.TimeAsync(nameof(RenewActivityLeasesAsync), () => inner.RenewActivityLeasesAsync(workItems, lease, cancellationToken));

    public Task<DateTime?> GetNextDueTimeAsync(CancellationToken cancellationToken = default) =>
        Profile.TimeAsync(nameof(GetNextDueTimeAsync), () => inner.GetNextDueTimeAsync(cancellationToken));

    public Task<OrchestrationInstance?> GetInstanceAsync(string instanceId, bool includePayloads = true, CancellationToken cancellationToken = default) =>
        Profile.TimeAsync(nameof(GetInstanceAsync), () => inner.GetInstanceAsync(instanceId, includePayloads, cancellationToken));

    public Task<InstancePage> QueryInstancesAsync(InstanceQuery query, CancellationToken cancellationToken = default) =>
        inner.QueryInstancesAsync(query, cancellationToken);

    public Task<bool> PurgeInstanceAsync(string instanceId, CancellationToken cancellationToken = default) =>
        inner.PurgeInstanceAsync(instanceId, cancellationToken);

    public Task<int> PurgeInstancesBatchAsync(PurgeFilter filter, int batchSize, CancellationToken cancellationToken = default) =>
        inner.PurgeInstancesBatchAsync(filter, batchSize, cancellationToken);

    public Task<QueueDepth> GetQueueDepthAsync(CancellationToken cancellationToken = default) =>
        Profile.TimeAsync(nameof(GetQueueDepthAsync), () => inner.GetQueueDepthAsync(cancellationToken));

    public Task<bool> RaiseEventWithReceiptsAsync(string instanceId, EventRaised message, IReadOnlyCollection<string> receiptKeys, ExecutionStarted startIfMissing, CancellationToken cancellationToken = default) =>
        Profile.TimeAsync(nameof(RaiseEventWithReceiptsAsync), () => inner.RaiseEventWithReceiptsAsync(instanceId, message, receiptKeys, startIfMissing, cancellationToken));

    public Task<IReadOnlyCollection<string>> GetReceiptsAsync(string keyPrefix, CancellationToken cancellationToken = default) =>
        inner.GetReceiptsAsync(keyPrefix, cancellationToken);

    public Task<int> DeleteReceiptsAsync(IReadOnlyCollection<string> receiptKeys, CancellationToken cancellationToken = default) =>
        inner.DeleteReceiptsAsync(receiptKeys, cancellationToken);

    public ValueTask DisposeAsync() => inner.DisposeAsync();
}
