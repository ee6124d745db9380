// Conformance: initializing a store, creating instances (with each id reuse policy) and
// sending messages to them.
using EdgeFlows.Durable.History;
using EdgeFlows.Durable.Stores;

namespace EdgeFlows.Durable.Tests.Stores;

public abstract partial class StoreConformanceTests
{
    [Fact]
    public async Task InitializeAsync_CalledAgain_KeepsDataAndWorks()
    {
        await CreateAsync("kept");

        await Store.InitializeAsync();
        await Store.InitializeAsync();

        Assert.NotNull(await Store.GetInstanceAsync("kept"));
        Assert.True(await CreateAsync("after"));
    }

    [Fact]
    public async Task InitializeAsync_ConcurrentCallsOnNewStore_AllSucceed()
    {
        await using var store = await CreateStoreAsync(Clock);

        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => store.InitializeAsync())));

        Assert.True(await store.CreateInstanceAsync(new NewOrchestration(Started("fresh", Now)), OrchestrationIdReusePolicy.Error));
        Assert.NotNull(await store.GetInstanceAsync("fresh"));
    }

    [Fact]
    public async Task CreateInstanceAsync_NewId_CreatesPendingInstance()
    {
        Assert.True(await CreateAsync("order-1", input: "\"42\""));

        var instance = await Store.GetInstanceAsync("order-1");
        Assert.NotNull(instance);
        Assert.Equal(OrchestrationRuntimeStatus.Pending, instance.Status);
        Assert.Equal(OrchestratorName, instance.Name);
        Assert.Equal("order-1-exec-1", instance.ExecutionId);
        Assert.Equal("\"42\"", instance.Input);
        Assert.Null(instance.Output);
        Assert.Null(instance.CompletedAt);
        Assert.Null(instance.ParentInstanceId);
        Assert.Equal(Now, instance.CreatedAt);
        Assert.Equal(Now, instance.LastUpdatedAt);
        Assert.Equal(DateTimeKind.Utc, instance.CreatedAt.Kind);
    }

    [Fact]
    public async Task CreateInstanceAsync_NewId_QueuesExecutionStartedDueNow()
    {
        var started = Started("order-1", Now);
        await Store.CreateInstanceAsync(new NewOrchestration(started), OrchestrationIdReusePolicy.Error);

        var item = await LockAsync("order-1");

        Assert.Equal(started, Assert.Single(item.Messages).Event);
        Assert.Equal("order-1-exec-1", item.ExecutionId);
        Assert.Equal(OrchestratorName, item.Name);
        Assert.Equal(OrchestrationRuntimeStatus.Pending, item.Status);
        Assert.Equal(0, item.HistoryCount);
        Assert.Equal(1, item.DeliveryCount);
        Assert.Equal(Owner, item.LockOwner);
    }

    [Fact]
    public async Task CreateInstanceAsync_StartAtLater_NotDueUntilStartAt()
    {
        var startAt = Now.AddMinutes(10);
        await CreateAsync("scheduled", startAt);

        Assert.Empty(await Store.LockNextOrchestrationsAsync(Owner, 10, Lease));
        Assert.Equal(startAt, await Store.GetNextDueTimeAsync());
        Clock.Advance(TimeSpan.FromMinutes(10));

        var item = await LockAsync("scheduled");
        Assert.IsType<ExecutionStarted>(Assert.Single(item.Messages).Event);
    }

    [Fact]
    public async Task CreateInstanceAsync_ExistingIdWithErrorPolicy_ThrowsWithStatus()
    {
        await StartRunningAsync("dup");

        var error = await Assert.ThrowsAsync<OrchestrationAlreadyExistsException>(() => CreateAsync("dup"));

        Assert.Equal("dup", error.InstanceId);
        Assert.Equal(OrchestrationRuntimeStatus.Running, error.Status);
    }

    [Fact]
    public async Task CreateInstanceAsync_ExistingIdWithSkipIfExists_ReturnsFalseAndKeepsOriginal()
    {
        await CreateAsync("dup", input: "\"first\"");

        var created = await Store.CreateInstanceAsync(
            new NewOrchestration(Started("dup", Now, "\"second\"", "dup-exec-2")), OrchestrationIdReusePolicy.SkipIfExists);

        Assert.False(created);
        var instance = await Store.GetInstanceAsync("dup");
        Assert.Equal("\"first\"", instance!.Input);
        Assert.Equal("dup-exec-1", instance.ExecutionId);
        Assert.Single(await PeekDueMessagesAsync("dup"));
    }

    [Fact]
    public async Task CreateInstanceAsync_ReplaceIfFinishedOnFinished_ReplacesWithFreshHistory()
    {
        await FinishAsync("again");
        Clock.Advance(TimeSpan.FromMinutes(1));
        var restarted = Started("again", Now, "\"second\"", "again-exec-2");

        var created = await Store.CreateInstanceAsync(new NewOrchestration(restarted), OrchestrationIdReusePolicy.ReplaceIfFinished);

        Assert.True(created);
        var instance = await Store.GetInstanceAsync("again");
        Assert.Equal(OrchestrationRuntimeStatus.Pending, instance!.Status);
        Assert.Equal("again-exec-2", instance.ExecutionId);
        Assert.Equal("\"second\"", instance.Input);
        Assert.Null(instance.Output);
        Assert.Null(instance.CompletedAt);
        Assert.Equal(Now, instance.CreatedAt);
        Assert.Empty(await Store.GetHistoryAsync("again"));
        var item = await LockAsync("again");
        Assert.Equal(0, item.HistoryCount);
        Assert.Equal(restarted, Assert.Single(item.Messages).Event);
    }

    [Fact]
    public async Task CreateInstanceAsync_ReplaceIfFinishedOnRunning_ThrowsAndKeepsInstance()
    {
        await StartRunningAsync("busy");

        var error = await Assert.ThrowsAsync<OrchestrationAlreadyExistsException>(() => Store.CreateInstanceAsync(
            new NewOrchestration(Started("busy", Now, "\"second\"", "busy-exec-2")), OrchestrationIdReusePolicy.ReplaceIfFinished));

        Assert.Equal(OrchestrationRuntimeStatus.Running, error.Status);
        Assert.Equal("busy-exec-1", (await Store.GetInstanceAsync("busy"))!.ExecutionId);
        Assert.NotEmpty(await Store.GetHistoryAsync("busy"));
    }

    [Fact]
    public async Task SendMessageAsync_MissingInstance_ThrowsNotFound()
    {
        var error = await Assert.ThrowsAsync<OrchestrationNotFoundException>(
            () => Store.SendMessageAsync("nobody", new EventRaised(Now, "Approve", null)));

        Assert.Equal("nobody", error.InstanceId);
    }

    [Fact]
    public async Task SendMessageAsync_FinishedInstance_ThrowsInvalidOperation()
    {
        await FinishAsync("done");

        await Assert.ThrowsAsync<InvalidOperationException>(() => Store.SendMessageAsync("done", new EventRaised(Now, "Approve", null)));

        Assert.Empty(await PeekDueMessagesAsync("done"));
    }

    [Fact]
    public async Task SendMessageAsync_RunningInstance_MakesItDue()
    {
        await StartRunningAsync("waiting");
        Assert.Empty(await Store.LockNextOrchestrationsAsync(Owner, 10, Lease));
        var raised = new EventRaised(Now, "Approve", "true");

        await Store.SendMessageAsync("waiting", raised);

        var item = await LockAsync("waiting");
        Assert.Equal(raised, Assert.Single(item.Messages).Event);
        Assert.Equal(OrchestrationRuntimeStatus.Running, item.Status);
    }
}
