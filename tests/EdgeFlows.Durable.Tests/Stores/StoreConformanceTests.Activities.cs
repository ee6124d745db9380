// Conformance: activity work — leasing, completing (and dropping results nobody needs),
// abandoning and renewing leases.
using EdgeFlows.Durable.History;
using EdgeFlows.Durable.Stores;

namespace EdgeFlows.Durable.Tests.Stores;

public abstract partial class StoreConformanceTests
{
    private static readonly TimeSpan LongLease = TimeSpan.FromHours(1);

    [Fact]
    public async Task LockNextActivitiesAsync_MaxItems_ReturnsAtMostThatMany()
    {
        await StartRunningAsync("fan-out", Call(0), Call(1), Call(2));

        var firstBatch = await Store.LockNextActivitiesAsync(Owner, 2, Lease);
        var secondBatch = await Store.LockNextActivitiesAsync(Owner, 2, Lease);

        Assert.Equal(2, firstBatch.Count);
        Assert.Single(secondBatch);
        Assert.Equal([0, 1, 2], firstBatch.Concat(secondBatch).Select(w => w.TaskId).Order());
        Assert.Empty(await Store.LockNextActivitiesAsync(Owner, 2, Lease));
    }

    [Fact]
    public async Task LockNextActivitiesAsync_Leased_NotReturnedToAnotherOwnerBeforeExpiry()
    {
        await StartRunningAsync("caller", Call(0));
        Assert.Single(await Store.LockNextActivitiesAsync(Owner, 10, TimeSpan.FromSeconds(30)));

        Clock.Advance(TimeSpan.FromSeconds(29));

        Assert.Empty(await Store.LockNextActivitiesAsync(OtherOwner, 10, Lease));
    }

    [Fact]
    public async Task LockNextActivitiesAsync_LeaseExpired_AnotherOwnerGetsItWithDeliveryCountIncremented()
    {
        await StartRunningAsync("caller", Call(0));
        var first = Assert.Single(await Store.LockNextActivitiesAsync(Owner, 10, TimeSpan.FromSeconds(30)));
        Clock.Advance(TimeSpan.FromSeconds(31));

        var second = Assert.Single(await Store.LockNextActivitiesAsync(OtherOwner, 10, Lease));

        Assert.Equal((first.Id, first.IdempotencyKey), (second.Id, second.IdempotencyKey));
        Assert.Equal((1, 2), (first.DeliveryCount, second.DeliveryCount));
        Assert.Equal(OtherOwner, second.LockOwner);
    }

    [Fact]
    public async Task CompleteActivityAsync_Result_DeliveredToInboxAndItemRemoved()
    {
        await StartRunningAsync("caller", Call(0));
        var work = Assert.Single(await Store.LockNextActivitiesAsync(Owner, 10, Lease));
        var result = new TaskCompleted(Now, 0, "\"Hello\"");

        await Store.CompleteActivityAsync(work, result);

        var item = await LockAsync("caller");
        Assert.Equal(result, Assert.Single(item.Messages).Event);
        Clock.Advance(Lease * 2);
        Assert.Empty(await Store.LockNextActivitiesAsync(OtherOwner, 10, Lease));
    }

    [Fact]
    public async Task CompleteActivityAsync_ManyResultsOfOneInstanceAtOnce_AllDeliveredToOneTurn()
    {
        var calls = Enumerable.Range(0, 24).Select(i => Call(i)).ToArray();
        await StartRunningAsync("fan-out", calls);
        var work = await Store.LockNextActivitiesAsync(Owner, 100, Lease);

        await Task.WhenAll(work.Select(w => Task.Run(() => Store.CompleteActivityAsync(w, new TaskCompleted(Now, w.TaskId, $"{w.TaskId}")))));

        var item = await LockAsync("fan-out");
        Assert.Equal(Enumerable.Range(0, 24), item.Messages.Select(m => ((TaskCompleted)m.Event).TaskScheduledId).Order());
        Clock.Advance(Lease * 2);
        Assert.Empty(await Store.LockNextActivitiesAsync(OtherOwner, 100, Lease));
    }

    [Fact]
    public async Task CompleteActivityAsync_ResultArrivesDuringATurn_TheInstanceIsDueAgainAfterIt()
    {
        await StartRunningAsync("caller", Call(0), Call(1));
        var work = await Store.LockNextActivitiesAsync(Owner, 10, Lease);
        await Store.CompleteActivityAsync(work[0], new TaskCompleted(Now, work[0].TaskId, "\"first\""));
        var turn = await LockAsync("caller");

        await Store.CompleteActivityAsync(work[1], new TaskCompleted(Now, work[1].TaskId, "\"second\""));
        await Store.CompleteOrchestrationAsync(turn, Turn(turn));

        var next = await LockAsync("caller");
        Assert.Equal("\"second\"", ((TaskCompleted)Assert.Single(next.Messages).Event).Result);
    }

    [Fact]
    public async Task CompleteActivityAsync_Failure_DeliveredToInbox()
    {
        await StartRunningAsync("caller", Call(0));
        var work = Assert.Single(await Store.LockNextActivitiesAsync(Owner, 10, Lease));
        var result = new TaskFailed(Now, 0, new TaskFailureDetails("System.IO.IOException", "disk"));

        await Store.CompleteActivityAsync(work, result);

        Assert.Equal([result], await PeekDueMessagesAsync("caller"));
    }

    [Fact]
    public async Task CompleteActivityAsync_InstanceFinished_ResultDropped()
    {
        await StartRunningAsync("caller", Call(0));
        var work = Assert.Single(await Store.LockNextActivitiesAsync(Owner, 10, LongLease));
        await Store.SendMessageAsync("caller", new ExecutionTerminated(Now, "stop"));
        var item = await LockAsync("caller");
        await Store.CompleteOrchestrationAsync(item, FinishingTurn(item, OrchestrationRuntimeStatus.Terminated));

        await Store.CompleteActivityAsync(work, new TaskCompleted(Now, 0, "\"late\""));

        Assert.Empty(await Store.LockNextOrchestrationsAsync(Owner, 10, Lease));
        Clock.Advance(LongLease * 2);
        Assert.Empty(await Store.LockNextActivitiesAsync(OtherOwner, 10, Lease));
    }

    [Fact]
    public async Task CompleteActivityAsync_OlderExecution_ResultDropped()
    {
        await StartRunningAsync("looping", Call(0));
        var work = Assert.Single(await Store.LockNextActivitiesAsync(Owner, 10, LongLease));
        await Store.SendMessageAsync("looping", new EventRaised(Now, "Restart", null));
        var item = await LockAsync("looping");
        var next = Started("looping", Now, "2", "looping-exec-2");
        await Store.CompleteOrchestrationAsync(item, Turn(item, OrchestrationRuntimeStatus.ContinuedAsNew) with { NewExecution = next });

        await Store.CompleteActivityAsync(work, new TaskCompleted(Now, 0, "\"stale\""));

        Assert.Equal([next], await PeekDueMessagesAsync("looping"));
    }

    [Fact]
    public async Task CompleteActivityAsync_InstancePurged_ResultDropped()
    {
        await StartRunningAsync("caller", Call(0));
        var work = Assert.Single(await Store.LockNextActivitiesAsync(Owner, 10, LongLease));
        await Store.SendMessageAsync("caller", new ExecutionTerminated(Now, "stop"));
        var item = await LockAsync("caller");
        await Store.CompleteOrchestrationAsync(item, FinishingTurn(item, OrchestrationRuntimeStatus.Terminated));
        Assert.True(await Store.PurgeInstanceAsync("caller"));

        await Store.CompleteActivityAsync(work, new TaskCompleted(Now, 0, "\"late\""));

        Assert.Null(await Store.GetInstanceAsync("caller"));
        Assert.Empty(await Store.LockNextOrchestrationsAsync(Owner, 10, Lease));
    }

    [Fact]
    public async Task CompleteActivityAsync_InstanceReplaced_ResultNotDeliveredToTheNewOne()
    {
        await StartRunningAsync("caller", Call(0));
        var work = Assert.Single(await Store.LockNextActivitiesAsync(Owner, 10, LongLease));
        await Store.SendMessageAsync("caller", new ExecutionTerminated(Now, "stop"));
        var item = await LockAsync("caller");
        await Store.CompleteOrchestrationAsync(item, FinishingTurn(item, OrchestrationRuntimeStatus.Terminated));
        var restarted = Started("caller", Now, executionId: "caller-exec-2");
        await Store.CreateInstanceAsync(new NewOrchestration(restarted), OrchestrationIdReusePolicy.ReplaceIfFinished);

        await Store.CompleteActivityAsync(work, new TaskCompleted(Now, 0, "\"late\""));

        Assert.Equal([restarted], await PeekDueMessagesAsync("caller"));
    }

    [Fact]
    public async Task CompleteActivityAsync_StaleOwner_ThrowsLeaseLostAndDeliversNothing()
    {
        await StartRunningAsync("caller", Call(0));
        var stale = Assert.Single(await Store.LockNextActivitiesAsync(Owner, 10, TimeSpan.FromSeconds(10)));
        Clock.Advance(TimeSpan.FromSeconds(11));
        var current = Assert.Single(await Store.LockNextActivitiesAsync(OtherOwner, 10, Lease));

        await Assert.ThrowsAsync<LeaseLostException>(() => Store.CompleteActivityAsync(stale, new TaskCompleted(Now, 0, "\"stale\"")));

        Assert.Empty(await PeekDueMessagesAsync("caller"));
        var result = new TaskCompleted(Now, 0, "\"current\"");
        await Store.CompleteActivityAsync(current, result);
        Assert.Equal([result], await PeekDueMessagesAsync("caller"));
    }

    [Fact]
    public async Task AbandonActivityAsync_Leased_AvailableAgainAtOnceWithoutCountingTheDelivery()
    {
        await StartRunningAsync("caller", Call(0));
        var work = Assert.Single(await Store.LockNextActivitiesAsync(Owner, 10, Lease));

        await Store.AbandonActivityAsync(work);

        var again = Assert.Single(await Store.LockNextActivitiesAsync(OtherOwner, 10, Lease));
        // A release is a clean hand-back (shutdown, say): it does not count towards poison.
        Assert.Equal((work.Id, 1), (again.Id, again.DeliveryCount));
    }

    [Fact]
    public async Task AbandonActivityAsync_StaleOwner_LeavesTheNewLockAlone()
    {
        await StartRunningAsync("caller", Call(0));
        var stale = Assert.Single(await Store.LockNextActivitiesAsync(Owner, 10, TimeSpan.FromSeconds(10)));
        Clock.Advance(TimeSpan.FromSeconds(11));
        Assert.Single(await Store.LockNextActivitiesAsync(OtherOwner, 10, Lease));

        await Store.AbandonActivityAsync(stale);

        Assert.Empty(await Store.LockNextActivitiesAsync("third", 10, Lease));
    }

    [Fact]
    public async Task RenewActivityLeasesAsync_OwnLease_ExtendsItPastTheOriginalExpiry()
    {
        await StartRunningAsync("caller", Call(0));
        var work = Assert.Single(await Store.LockNextActivitiesAsync(Owner, 10, TimeSpan.FromSeconds(10)));
        Clock.Advance(TimeSpan.FromSeconds(8));

        var lost = await Store.RenewActivityLeasesAsync([work], TimeSpan.FromSeconds(10));

        Assert.Empty(lost);
        Clock.Advance(TimeSpan.FromSeconds(9));
        Assert.Empty(await Store.LockNextActivitiesAsync(OtherOwner, 10, Lease));
        await Store.CompleteActivityAsync(work, new TaskCompleted(Now, 0, null));
    }

    [Fact]
    public async Task RenewActivityLeasesAsync_LeaseTakenByAnother_ReportsItLost()
    {
        await StartRunningAsync("caller", Call(0), Call(1));
        var mine = await Store.LockNextActivitiesAsync(Owner, 10, TimeSpan.FromSeconds(10));
        Clock.Advance(TimeSpan.FromSeconds(8));
        await Store.RenewActivityLeasesAsync([mine[1]], TimeSpan.FromSeconds(10));
        Clock.Advance(TimeSpan.FromSeconds(3));
        var taken = Assert.Single(await Store.LockNextActivitiesAsync(OtherOwner, 10, Lease));

        var lost = await Store.RenewActivityLeasesAsync(mine, TimeSpan.FromSeconds(10));

        Assert.Equal(mine[0].Id, taken.Id);
        Assert.Equal([mine[0]], lost);
    }
}
