// Conformance: leasing orchestration work — order, limits, lease expiry, due times.
using EdgeFlows.Durable.History;
using EdgeFlows.Durable.Stores;

namespace EdgeFlows.Durable.Tests.Stores;

public abstract partial class StoreConformanceTests
{
    [Fact]
    public async Task LockNextOrchestrationsAsync_SeveralDue_ReturnsEarliestDueFirst()
    {
        await CreateAsync("second");
        Clock.Advance(TimeSpan.FromSeconds(1));
        await CreateAsync("third");
        await CreateAsync("first", startAt: Now.AddMinutes(-5));

        var items = await Store.LockNextOrchestrationsAsync(Owner, 10, Lease);

        Assert.Equal(["first", "second", "third"], items.Select(i => i.InstanceId));
    }

    [Fact]
    public async Task LockNextOrchestrationsAsync_SeveralMessages_ReturnsThemInArrivalOrder()
    {
        await StartRunningAsync("inbox");
        HistoryEvent[] sent = [new EventRaised(Now, "A", "1"), new EventRaised(Now, "B", "2"), new ExecutionSuspended(Now, "pause")];
        foreach (var message in sent)
        {
            await Store.SendMessageAsync("inbox", message);
        }

        var item = await LockAsync("inbox");

        Assert.Equal(sent, item.Messages.Select(m => m.Event));
        Assert.Equal(item.Messages.Select(m => m.Id).Order(), item.Messages.Select(m => m.Id));
    }

    [Fact]
    public async Task LockNextOrchestrationsAsync_MaxItems_ReturnsAtMostThatMany()
    {
        foreach (var id in new[] { "a", "b", "c" })
        {
            await CreateAsync(id);
        }

        var firstBatch = await Store.LockNextOrchestrationsAsync(Owner, 2, Lease);
        var secondBatch = await Store.LockNextOrchestrationsAsync(Owner, 2, Lease);

        Assert.Equal(2, firstBatch.Count);
        Assert.Single(secondBatch);
        Assert.Equal(["a", "b", "c"], firstBatch.Concat(secondBatch).Select(i => i.InstanceId).Order());
    }

    [Fact]
    public async Task LockNextOrchestrationsAsync_LockedInstance_NotReturnedToAnotherOwnerBeforeExpiry()
    {
        await CreateAsync("leased");
        await LockAsync("leased", Owner, TimeSpan.FromSeconds(30));

        Assert.Empty(await Store.LockNextOrchestrationsAsync(OtherOwner, 10, Lease));
        Clock.Advance(TimeSpan.FromSeconds(29));
        Assert.Empty(await Store.LockNextOrchestrationsAsync(OtherOwner, 10, Lease));
    }

    [Fact]
    public async Task LockNextOrchestrationsAsync_LeaseExpired_AnotherOwnerGetsItWithDeliveryCountIncremented()
    {
        await CreateAsync("leased");
        var first = await LockAsync("leased", Owner, TimeSpan.FromSeconds(30));
        Clock.Advance(TimeSpan.FromSeconds(31));

        var second = await LockAsync("leased", OtherOwner);

        Assert.Equal(1, first.DeliveryCount);
        Assert.Equal(2, second.DeliveryCount);
        Assert.Equal(OtherOwner, second.LockOwner);
        Assert.Equal(first.Messages, second.Messages);
    }

    [Fact]
    public async Task LockNextOrchestrationsAsync_AfterCommit_DeliveryCountStartsAgain()
    {
        await CreateAsync("counted");
        await LockAsync("counted", lease: TimeSpan.FromSeconds(1));
        Clock.Advance(TimeSpan.FromSeconds(2));
        var redelivered = await LockAsync("counted", OtherOwner);
        await Store.CompleteOrchestrationAsync(redelivered, Turn(redelivered));
        await Store.SendMessageAsync("counted", new EventRaised(Now, "Go", null));

        var next = await LockAsync("counted");

        Assert.Equal(2, redelivered.DeliveryCount);
        Assert.Equal(1, next.DeliveryCount);
    }

    [Fact]
    public async Task AbandonOrchestrationAsync_LockedInstance_AvailableAgainAtOnceWithoutCountingTheDelivery()
    {
        await CreateAsync("dropped");
        var first = await LockAsync("dropped");

        await Store.AbandonOrchestrationAsync(first);

        var second = await LockAsync("dropped", OtherOwner);
        Assert.Equal(first.Messages, second.Messages);
        Assert.Equal(1, second.DeliveryCount);
    }

    [Fact]
    public async Task AbandonOrchestrationAsync_StaleOwner_LeavesTheNewLockAlone()
    {
        await CreateAsync("contested");
        var stale = await LockAsync("contested", Owner, TimeSpan.FromSeconds(10));
        Clock.Advance(TimeSpan.FromSeconds(11));
        await LockAsync("contested", OtherOwner);

        await Store.AbandonOrchestrationAsync(stale);

        Assert.Empty(await Store.LockNextOrchestrationsAsync("third", 10, Lease));
    }

    [Fact]
    public async Task CompleteOrchestrationAsync_SameWorkItemTwice_SecondThrowsLeaseLost()
    {
        await CreateAsync("once");
        var item = await LockAsync("once");
        var turn = Turn(item);
        await Store.CompleteOrchestrationAsync(item, turn);

        await Assert.ThrowsAsync<LeaseLostException>(() => Store.CompleteOrchestrationAsync(item, turn));

        Assert.Equal(turn.NewHistory, await Store.GetHistoryAsync("once"));
    }

    [Fact]
    public async Task LockNextOrchestrationsAsync_TimerNotYetDue_ReturnedOnlyWhenDue()
    {
        await CreateAsync("sleeper");
        var item = await LockAsync("sleeper");
        var fireAt = Now.AddMinutes(5);
        var fired = new TimerFired(fireAt, 0, fireAt);
        await Store.CompleteOrchestrationAsync(
            item,
            Turn(item, OrchestrationRuntimeStatus.Running, new TimerCreated(Now, 0, fireAt)) with { Messages = [new OutgoingMessage("sleeper", fired, fireAt)] });

        Assert.Empty(await Store.LockNextOrchestrationsAsync(Owner, 10, Lease));
        Clock.Advance(TimeSpan.FromMinutes(5) - TimeSpan.FromTicks(1));
        Assert.Empty(await Store.LockNextOrchestrationsAsync(Owner, 10, Lease));
        Clock.Advance(TimeSpan.FromTicks(1));

        var due = await LockAsync("sleeper");
        Assert.Equal(fired, Assert.Single(due.Messages).Event);
    }

    [Fact]
    public async Task LockNextOrchestrationsAsync_DueAndLaterMessages_ReturnsOnlyTheDueOnes()
    {
        await CreateAsync("mixed");
        var item = await LockAsync("mixed");
        var later = Now.AddMinutes(1);
        await Store.CompleteOrchestrationAsync(
            item,
            Turn(item, OrchestrationRuntimeStatus.Running, new TimerCreated(Now, 0, later)) with { Messages = [new OutgoingMessage("mixed", new TimerFired(later, 0, later), later)] });
        var raised = new EventRaised(Now, "Now", null);
        await Store.SendMessageAsync("mixed", raised);

        var next = await LockAsync("mixed");

        Assert.Equal(raised, Assert.Single(next.Messages).Event);
    }

    [Fact]
    public async Task GetNextDueTimeAsync_FutureMessages_ReportsTheEarliest()
    {
        await CreateAsync("in-ten", Now.AddMinutes(10));
        await CreateAsync("in-five", Now.AddMinutes(5));
        await CreateAsync("in-twenty", Now.AddMinutes(20));

        Assert.Equal(Now.AddMinutes(5), await Store.GetNextDueTimeAsync());
    }

    [Fact]
    public async Task GetNextDueTimeAsync_NothingWaiting_ReturnsNull()
    {
        await StartRunningAsync("idle");

        Assert.Null(await Store.GetNextDueTimeAsync());
    }

    [Fact]
    public async Task GetQueueDepthAsync_ReadyWork_CountsDueInstancesAndFreeActivities()
    {
        await StartRunningAsync("calls", Call(0), Call(1));
        await CreateAsync("due");
        await CreateAsync("later", Now.AddHours(1));
        await Store.LockNextActivitiesAsync(Owner, 1, Lease);

        var depth = await Store.GetQueueDepthAsync();

        Assert.Equal(new QueueDepth(1, 1), depth);
    }
}
