// Conformance: turns that end an execution (finish, continue-as-new) and a turn whose lease
// was lost, which must leave no trace.
using EdgeFlows.Durable.History;
using EdgeFlows.Durable.Stores;

namespace EdgeFlows.Durable.Tests.Stores;

public abstract partial class StoreConformanceTests
{
    [Fact]
    public async Task CompleteOrchestrationAsync_Completed_SetsOutputAndCompletedAt()
    {
        await CreateAsync("finisher");
        var item = await LockAsync("finisher");
        Clock.Advance(TimeSpan.FromSeconds(2));

        await Store.CompleteOrchestrationAsync(item, FinishingTurn(item));

        var instance = await Store.GetInstanceAsync("finisher");
        Assert.Equal(OrchestrationRuntimeStatus.Completed, instance!.Status);
        Assert.Equal("\"done\"", instance.Output);
        Assert.Equal(Now, instance.CompletedAt);
        Assert.Equal(Now, instance.LastUpdatedAt);
        Assert.Null(instance.Failure);
    }

    [Fact]
    public async Task CompleteOrchestrationAsync_Failed_StoresFailureDetails()
    {
        await CreateAsync("failing");
        var item = await LockAsync("failing");
        var failure = new TaskFailureDetails("System.TimeoutException", "too slow", "at Foo()", new TaskFailureDetails("System.IO.IOException", "reset"));

        await Store.CompleteOrchestrationAsync(item, Turn(item, OrchestrationRuntimeStatus.Failed) with { Failure = failure });

        var instance = await Store.GetInstanceAsync("failing");
        Assert.Equal(OrchestrationRuntimeStatus.Failed, instance!.Status);
        Assert.Equal(failure, instance.Failure);
        Assert.Equal(Now, instance.CompletedAt);
    }

    [Fact]
    public async Task CompleteOrchestrationAsync_TerminalStatus_ClearsInboxAndActivitiesNobodyRuns()
    {
        await StartRunningAsync("ending", Call(0), Call(1));
        var running = Assert.Single(await Store.LockNextActivitiesAsync(Owner, 1, TimeSpan.FromHours(1)));
        await Store.SendMessageAsync("ending", new ExecutionTerminated(Now, "stop"));
        var item = await LockAsync("ending");
        var timerDue = Now.AddMinutes(1);
        await Store.SendMessageAsync("ending", new EventRaised(Now, "Unread", null));

        await Store.CompleteOrchestrationAsync(
            item,
            FinishingTurn(item, OrchestrationRuntimeStatus.Terminated) with { Messages = [new OutgoingMessage("ending", new TimerFired(timerDue, 2, timerDue), timerDue)] });

        Clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Empty(await Store.LockNextOrchestrationsAsync(Owner, 10, Lease));
        Assert.Null(await Store.GetNextDueTimeAsync());
        Assert.Equal(new QueueDepth(0, 0), await Store.GetQueueDepthAsync());
        await Store.CompleteActivityAsync(running, new TaskCompleted(Now, running.TaskId, null));
        Assert.Empty(await Store.LockNextOrchestrationsAsync(Owner, 10, Lease));
    }

    [Fact]
    public async Task CompleteOrchestrationAsync_NewExecution_ClearsHistoryAndSetsExecutionAndInput()
    {
        await CreateAsync("looping", input: "1");
        var item = await LockAsync("looping");
        var next = Started("looping", Now, "2", "looping-exec-2");

        await Store.CompleteOrchestrationAsync(
            item,
            Turn(item, OrchestrationRuntimeStatus.ContinuedAsNew, new ExecutionCompleted(Now, OrchestrationRuntimeStatus.ContinuedAsNew, null))
                with { NewExecution = next });

        Assert.Empty(await Store.GetHistoryAsync("looping"));
        var instance = await Store.GetInstanceAsync("looping");
        Assert.Equal(("looping-exec-2", "2"), (instance!.ExecutionId, instance.Input));
        var nextItem = await LockAsync("looping");
        Assert.Equal(("looping-exec-2", 0), (nextItem.ExecutionId, nextItem.HistoryCount));
        Assert.Equal(next, Assert.Single(nextItem.Messages).Event);
    }

    [Fact]
    public async Task CompleteOrchestrationAsync_NewExecutionWithCarriedMessages_ExecutionStartedComesFirst()
    {
        await CreateAsync("looping");
        var item = await LockAsync("looping");
        var next = Started("looping", Now, "2", "looping-exec-2");
        HistoryEvent[] carried = [new EventRaised(Now, "A", "1"), new EventRaised(Now, "B", "2")];

        await Store.CompleteOrchestrationAsync(
            item,
            Turn(item, OrchestrationRuntimeStatus.ContinuedAsNew)
                with { NewExecution = next, Messages = [.. carried.Select(e => new OutgoingMessage("looping", e))] });

        var nextItem = await LockAsync("looping");
        Assert.Equal([next, .. carried], nextItem.Messages.Select(m => m.Event));
    }

    [Fact]
    public async Task CompleteOrchestrationAsync_NewExecution_DropsTheOldExecutionsTimersAndWaitingActivities()
    {
        await CreateAsync("looping");
        var first = await LockAsync("looping");
        var timerDue = Now.AddMinutes(5);
        await Store.CompleteOrchestrationAsync(
            first,
            TurnCalling(first, Call(0)) with { Messages = [new OutgoingMessage("looping", new TimerFired(timerDue, 1, timerDue), timerDue)] });
        await Store.SendMessageAsync("looping", new EventRaised(Now, "Restart", null));
        var second = await LockAsync("looping");
        var next = Started("looping", Now, "2", "looping-exec-2");

        await Store.CompleteOrchestrationAsync(second, Turn(second, OrchestrationRuntimeStatus.ContinuedAsNew) with { NewExecution = next });

        Clock.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal([next], (await LockAsync("looping")).Messages.Select(m => m.Event));
        Assert.Empty(await Store.LockNextActivitiesAsync(Owner, 10, Lease));
    }

    [Fact]
    public async Task CompleteOrchestrationAsync_StaleLockOwner_ThrowsLeaseLostAndWritesNothing()
    {
        await StartRunningAsync("neighbour");
        await CreateAsync("contested");
        var stale = await LockAsync("contested", Owner, TimeSpan.FromSeconds(10));
        Clock.Advance(TimeSpan.FromSeconds(11));
        var current = await LockAsync("contested", OtherOwner);
        var timerDue = Now.AddMinutes(1);
        var everything = TurnCalling(stale, Call(0)) with
        {
            Status = OrchestrationRuntimeStatus.Completed,
            Output = "\"stale\"",
            CustomStatus = "\"stale\"",
            CustomStatusChanged = true,
            Messages = [new OutgoingMessage("neighbour", new EventRaised(Now, "Stale", null)), new OutgoingMessage("contested", new TimerFired(timerDue, 1, timerDue), timerDue)],
            SubOrchestrations = [new NewOrchestration(Started("stale-child", Now, parentInstanceId: "contested", parentTaskId: 2))],
        };

        await Assert.ThrowsAsync<LeaseLostException>(() => Store.CompleteOrchestrationAsync(stale, everything));

        Assert.Empty(await Store.GetHistoryAsync("contested"));
        var instance = await Store.GetInstanceAsync("contested");
        Assert.Equal((OrchestrationRuntimeStatus.Pending, null, null, null), (instance!.Status, instance.Output, instance.CustomStatus, instance.CompletedAt));
        Assert.Null(await Store.GetInstanceAsync("stale-child"));
        Assert.Empty(await Store.LockNextActivitiesAsync(Owner, 10, Lease));
        Assert.Empty(await Store.LockNextOrchestrationsAsync(Owner, 10, Lease));
        Assert.Null(await Store.GetNextDueTimeAsync());
        await Store.CompleteOrchestrationAsync(current, Turn(current));
        Assert.Equal(Turn(current).NewHistory, await Store.GetHistoryAsync("contested"));
    }
}
