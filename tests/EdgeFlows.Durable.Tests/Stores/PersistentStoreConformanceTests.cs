// Conformance for stores whose data outlives the store object (files, servers): what was
// committed survives a restart, and work leased by a host that died is taken over later.
using EdgeFlows.Durable.History;
using EdgeFlows.Durable.Stores;

namespace EdgeFlows.Durable.Tests.Stores;

public abstract class PersistentStoreConformanceTests : StoreConformanceTests
{
    /// <summary>
    /// A new store object, not yet initialized, over the same data as the store the test
    /// started with (<see cref="StoreConformanceTests.Store"/>), as after a restart.
    /// </summary>
    protected abstract Task<IOrchestrationStore> ReopenStoreAsync(TimeProvider timeProvider);

    /// <summary>Disposes <see cref="StoreConformanceTests.Store"/> and replaces it with a reopened one.</summary>
    private async Task RestartAsync()
    {
        await Store.DisposeAsync();
        Store = await ReopenStoreAsync(Clock);
        await Store.InitializeAsync();
    }

    [Fact]
    public async Task Reopen_CommittedWork_Survives()
    {
        await FinishAsync("finished");
        await StartRunningAsync("durable", Call(0));
        await Store.SendMessageAsync("durable", new EventRaised(Now, "Kept", "1"));
        var history = await Store.GetHistoryAsync("durable");

        await RestartAsync();

        Assert.Equal(history, await Store.GetHistoryAsync("durable"));
        Assert.Equal(OrchestrationRuntimeStatus.Completed, (await Store.GetInstanceAsync("finished"))!.Status);
        Assert.Equal("durable-exec-1", Assert.Single(await Store.LockNextActivitiesAsync(Owner, 10, Lease)).ExecutionId);
        Assert.Equal([new EventRaised(Now, "Kept", "1")], (await LockAsync("durable")).Messages.Select(m => m.Event));
    }

    [Fact]
    public async Task Reopen_OrchestrationLeasedByCrashedHost_TakenAfterExpiry()
    {
        await CreateAsync("orphan");
        var crashed = await LockAsync("orphan", Owner, TimeSpan.FromSeconds(30));

        await RestartAsync();

        Assert.Empty(await Store.LockNextOrchestrationsAsync(OtherOwner, 10, Lease));
        Clock.Advance(TimeSpan.FromSeconds(31));
        var taken = await LockAsync("orphan", OtherOwner);
        Assert.Equal(2, taken.DeliveryCount);
        Assert.Equal(crashed.Messages, taken.Messages);
        await Store.CompleteOrchestrationAsync(taken, Turn(taken));
        Assert.Equal(OrchestrationRuntimeStatus.Running, (await Store.GetInstanceAsync("orphan"))!.Status);
    }

    [Fact]
    public async Task Reopen_ActivityLeasedByCrashedHost_TakenAfterExpiry()
    {
        await StartRunningAsync("caller", Call(0));
        var crashed = Assert.Single(await Store.LockNextActivitiesAsync(Owner, 10, TimeSpan.FromSeconds(30)));

        await RestartAsync();

        Assert.Empty(await Store.LockNextActivitiesAsync(OtherOwner, 10, Lease));
        Clock.Advance(TimeSpan.FromSeconds(31));
        var taken = Assert.Single(await Store.LockNextActivitiesAsync(OtherOwner, 10, Lease));
        Assert.Equal((crashed.Id, 2), (taken.Id, taken.DeliveryCount));
    }
}
