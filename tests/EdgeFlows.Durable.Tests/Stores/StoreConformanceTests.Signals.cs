// Conformance: a store wakes this process's dispatchers when it commits work they can take.
using EdgeFlows.Durable.History;
using EdgeFlows.Durable.Stores;

namespace EdgeFlows.Durable.Tests.Stores;

public abstract partial class StoreConformanceTests
{
    [Fact]
    public async Task CompleteOrchestrationAsync_WithActivities_SetsActivitiesSignal()
    {
        await CreateAsync("caller");
        var item = await LockAsync("caller");
        await DrainAsync(Store.Signals.Activities);

        await Store.CompleteOrchestrationAsync(item, TurnCalling(item, Call(0)));

        Assert.True(await Store.Signals.Activities.WaitAsync(SignalTimeout, CancellationToken.None));
    }

    [Fact]
    public async Task AbandonActivityAsync_Leased_SetsActivitiesSignal()
    {
        await StartRunningAsync("caller", Call(0));
        var work = Assert.Single(await Store.LockNextActivitiesAsync(Owner, 10, Lease));
        await DrainAsync(Store.Signals.Activities);

        await Store.AbandonActivityAsync(work);

        Assert.True(await Store.Signals.Activities.WaitAsync(SignalTimeout, CancellationToken.None));
    }

    [Fact]
    public async Task CreateInstanceAsync_NewInstance_SetsOrchestrationsSignal()
    {
        await DrainAsync(Store.Signals.Orchestrations);

        await CreateAsync("new");

        Assert.True(await Store.Signals.Orchestrations.WaitAsync(SignalTimeout, CancellationToken.None));
    }

    [Fact]
    public async Task SendMessageAsync_RunningInstance_SetsOrchestrationsSignal()
    {
        await StartRunningAsync("waiting");
        await DrainAsync(Store.Signals.Orchestrations);

        await Store.SendMessageAsync("waiting", new EventRaised(Now, "Go", null));

        Assert.True(await Store.Signals.Orchestrations.WaitAsync(SignalTimeout, CancellationToken.None));
    }

    [Fact]
    public async Task CompleteActivityAsync_Delivered_SetsOrchestrationsSignal()
    {
        await StartRunningAsync("caller", Call(0));
        var work = Assert.Single(await Store.LockNextActivitiesAsync(Owner, 10, Lease));
        await DrainAsync(Store.Signals.Orchestrations);

        await Store.CompleteActivityAsync(work, new TaskCompleted(Now, 0, null));

        Assert.True(await Store.Signals.Orchestrations.WaitAsync(SignalTimeout, CancellationToken.None));
    }

    [Fact]
    public async Task CompleteOrchestrationAsync_MessageToAnotherInstance_SetsOrchestrationsSignal()
    {
        await StartRunningAsync("receiver");
        await CreateAsync("sender");
        var item = await LockAsync("sender");
        await DrainAsync(Store.Signals.Orchestrations);

        await Store.CompleteOrchestrationAsync(item, Turn(item) with { Messages = [new OutgoingMessage("receiver", new EventRaised(Now, "Ping", null))] });

        Assert.True(await Store.Signals.Orchestrations.WaitAsync(SignalTimeout, CancellationToken.None));
    }

    [Fact]
    public async Task CompleteOrchestrationAsync_MessageArrivedWhileLocked_SetsOrchestrationsSignal()
    {
        // A dispatcher woken by the message found the instance locked and went back to sleep;
        // the commit that releases the instance must wake it, or the message waits for a poll.
        await CreateAsync("busy");
        var item = await LockAsync("busy");
        await Store.SendMessageAsync("busy", new EventRaised(Now, "Arrived", null));
        await DrainAsync(Store.Signals.Orchestrations);

        await Store.CompleteOrchestrationAsync(item, Turn(item));

        Assert.True(await Store.Signals.Orchestrations.WaitAsync(SignalTimeout, CancellationToken.None));
    }
}
