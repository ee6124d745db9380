// The one conformance suite of the store contract (IOrchestrationStore). Every store runs
// it through a subclass that says how to make an empty store. The tests drive the store as
// a dispatcher would (lock, commit turns, run activities), with a manual clock so leases and
// due times are tested without sleeping. The facts live in the partial files beside this one.
using EdgeFlows.Durable.History;
using EdgeFlows.Durable.Stores;
using EdgeFlows.Durable.Tests.Infrastructure;

namespace EdgeFlows.Durable.Tests.Stores;

public abstract partial class StoreConformanceTests : IAsyncLifetime
{
    protected const string Owner = "host-a";
    protected const string OtherOwner = "host-b";
    protected const string OrchestratorName = "Greeter";
    protected const string ActivityName = "Greet";
    protected static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);
    protected static readonly TimeSpan SignalTimeout = TimeSpan.FromSeconds(10);

    /// <summary>The store's clock; tests move it with <see cref="ManualTimeProvider.Advance"/>.</summary>
    protected ManualTimeProvider Clock { get; } = new(new DateTimeOffset(2030, 1, 1, 12, 0, 0, TimeSpan.Zero));

    /// <summary>The initialized store under test; disposed after the test.</summary>
    protected IOrchestrationStore Store { get; set; } = null!;

    protected DateTime Now => Clock.UtcNow;

    /// <summary>
    /// A new store over new, empty storage (each call its own), not yet initialized, that
    /// reads the time from <paramref name="timeProvider"/>.
    /// </summary>
    protected abstract Task<IOrchestrationStore> CreateStoreAsync(TimeProvider timeProvider);

    public virtual async Task InitializeAsync()
    {
        Store = await CreateStoreAsync(Clock);
        await Store.InitializeAsync();
    }

    public virtual async Task DisposeAsync() => await Store.DisposeAsync();

    protected static ExecutionStarted Started(
        string instanceId,
        DateTime timestamp,
        string? input = "\"hello\"",
        string? executionId = null,
        string? parentInstanceId = null,
        int? parentTaskId = null) =>
        new(timestamp, OrchestratorName, instanceId, executionId ?? instanceId + "-exec-1", input, parentInstanceId, parentTaskId, "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");

    protected static ActivityRequest Call(int taskId, string name = ActivityName) =>
        new(taskId, name, $"\"input-{taskId}\"", 1, "00-0af7651916cd43dd8448eb211c80319c-00f067aa0ba902b7-01");

    protected Task<bool> CreateAsync(string instanceId, DateTime? startAt = null, string? input = "\"hello\"") =>
        Store.CreateInstanceAsync(new NewOrchestration(Started(instanceId, Now, input), startAt), OrchestrationIdReusePolicy.Error);

    /// <summary>Locks the one due instance, which must be <paramref name="instanceId"/>.</summary>
    protected async Task<OrchestrationWorkItem> LockAsync(string instanceId, string owner = Owner, TimeSpan? lease = null)
    {
        var item = Assert.Single(await Store.LockNextOrchestrationsAsync(owner, 10, lease ?? Lease));
        Assert.Equal(instanceId, item.InstanceId);
        return item;
    }

    /// <summary>
    /// A turn that consumes all the work item's messages and records them in history after an
    /// OrchestratorStarted, then the given actions; more is added with <c>with</c>.
    /// </summary>
    protected OrchestrationTurn Turn(OrchestrationWorkItem item, OrchestrationRuntimeStatus status = OrchestrationRuntimeStatus.Running, params HistoryEvent[] actions) =>
        new(
            [new OrchestratorStarted(Now), .. item.Messages.Select(m => m.Event), .. actions],
            [.. item.Messages.Select(m => m.Id)],
            status);

    /// <summary>A turn that schedules <paramref name="calls"/> (history and work items).</summary>
    protected OrchestrationTurn TurnCalling(OrchestrationWorkItem item, params ActivityRequest[] calls) =>
        Turn(item, OrchestrationRuntimeStatus.Running, [.. calls.Select(c => new TaskScheduled(Now, c.TaskId, c.Name, c.Input, c.Attempt))])
            with { Activities = calls };

    /// <summary>A turn that ends the execution with <paramref name="status"/>.</summary>
    protected OrchestrationTurn FinishingTurn(OrchestrationWorkItem item, OrchestrationRuntimeStatus status = OrchestrationRuntimeStatus.Completed)
    {
        var output = status == OrchestrationRuntimeStatus.Completed ? "\"done\"" : null;
        var failure = status == OrchestrationRuntimeStatus.Failed ? new TaskFailureDetails("System.InvalidOperationException", "boom") : null;
        return Turn(item, status, new ExecutionCompleted(Now, status, output, failure)) with { Output = output, Failure = failure };
    }

    /// <summary>Creates an instance and commits its first turn, which calls <paramref name="calls"/>; it is then Running and not due.</summary>
    protected async Task StartRunningAsync(string instanceId, params ActivityRequest[] calls)
    {
        await CreateAsync(instanceId);
        var item = await LockAsync(instanceId);
        await Store.CompleteOrchestrationAsync(item, TurnCalling(item, calls));
    }

    /// <summary>Creates an instance and ends it at its first turn.</summary>
    protected async Task FinishAsync(string instanceId, OrchestrationRuntimeStatus status = OrchestrationRuntimeStatus.Completed)
    {
        await CreateAsync(instanceId);
        var item = await LockAsync(instanceId);
        await Store.CompleteOrchestrationAsync(item, FinishingTurn(item, status));
    }

    /// <summary>
    /// The due messages of an instance (empty when none), read by locking and abandoning
    /// everything due; a test uses it when nothing else is locked.
    /// </summary>
    protected async Task<IReadOnlyList<HistoryEvent>> PeekDueMessagesAsync(string instanceId)
    {
        var items = await Store.LockNextOrchestrationsAsync("peeker", 1000, Lease);
        foreach (var item in items)
        {
            await Store.AbandonOrchestrationAsync(item);
        }

        return items.FirstOrDefault(i => i.InstanceId == instanceId)?.Messages.Select(m => m.Event).ToList() ?? [];
    }

    /// <summary>Forgets earlier wake-ups so a test sees only the one it causes.</summary>
    protected static async Task DrainAsync(AsyncSignal signal)
    {
        while (await signal.WaitAsync(TimeSpan.Zero, CancellationToken.None))
        {
        }
    }
}
