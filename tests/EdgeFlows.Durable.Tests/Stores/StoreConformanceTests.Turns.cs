// Conformance: what committing an orchestration turn writes — history, inbox, activities,
// messages to other instances, sub-orchestrations and custom status.
using EdgeFlows.Durable.History;
using EdgeFlows.Durable.Stores;

namespace EdgeFlows.Durable.Tests.Stores;

public abstract partial class StoreConformanceTests
{
    [Fact]
    public async Task CompleteOrchestrationAsync_SecondTurn_AppendsHistoryAfterTheFirst()
    {
        await CreateAsync("steps");
        var first = await LockAsync("steps");
        var firstTurn = TurnCalling(first, Call(0));
        await Store.CompleteOrchestrationAsync(first, firstTurn);
        Clock.Advance(TimeSpan.FromSeconds(1));
        await Store.SendMessageAsync("steps", new TaskCompleted(Now, 0, "\"hi\""));
        var second = await LockAsync("steps");
        var secondTurn = TurnCalling(second, Call(1));

        await Store.CompleteOrchestrationAsync(second, secondTurn);

        Assert.Equal(firstTurn.NewHistory.Count, second.HistoryCount);
        Assert.Equal(firstTurn.NewHistory.Concat(secondTurn.NewHistory), await Store.GetHistoryAsync("steps"));
    }

    [Fact]
    public async Task CompleteOrchestrationAsync_MessageArrivedDuringTurn_KeptAndDueAgain()
    {
        await CreateAsync("busy");
        var item = await LockAsync("busy");
        var lateEvent = new EventRaised(Now, "Late", "1");
        await Store.SendMessageAsync("busy", lateEvent);

        await Store.CompleteOrchestrationAsync(item, Turn(item));

        var next = await LockAsync("busy");
        Assert.Equal(lateEvent, Assert.Single(next.Messages).Event);
    }

    [Fact]
    public async Task CompleteOrchestrationAsync_WithActivities_ActivitiesCanBeLocked()
    {
        await CreateAsync("caller");
        var item = await LockAsync("caller");

        await Store.CompleteOrchestrationAsync(item, TurnCalling(item, Call(0), Call(1, "Other") with { Attempt = 3 }));

        var work = await Store.LockNextActivitiesAsync(Owner, 10, Lease);
        Assert.Collection(
            work.OrderBy(w => w.TaskId),
            w =>
            {
                Assert.Equal(("caller", "caller-exec-1", 0, ActivityName, "\"input-0\"", 1), (w.InstanceId, w.ExecutionId, w.TaskId, w.Name, w.Input, w.Attempt));
                Assert.Equal(Call(0).TraceParent, w.TraceParent);
                Assert.Equal((1, Owner), (w.DeliveryCount, w.LockOwner));
                Assert.Equal("caller/caller-exec-1/0", w.IdempotencyKey);
            },
            w => Assert.Equal(("Other", 3), (w.Name, w.Attempt)));
    }

    [Fact]
    public async Task CompleteOrchestrationAsync_MessageToAnotherInstance_DeliveredToItsInbox()
    {
        await StartRunningAsync("receiver");
        await CreateAsync("sender");
        var item = await LockAsync("sender");
        var raised = new EventRaised(Now, "Ping", "\"from sender\"");

        await Store.CompleteOrchestrationAsync(item, Turn(item) with { Messages = [new OutgoingMessage("receiver", raised)] });

        var received = await LockAsync("receiver");
        Assert.Equal(raised, Assert.Single(received.Messages).Event);
    }

    [Fact]
    public async Task CompleteOrchestrationAsync_MessageForAnotherExecutionOfTheTarget_Dropped()
    {
        await StartRunningAsync("receiver");
        await CreateAsync("sender");
        var item = await LockAsync("sender");
        var stale = new SubOrchestrationCompleted(Now, 0, "\"late\"");
        var current = new EventRaised(Now, "Ping", null);

        await Store.CompleteOrchestrationAsync(item, Turn(item) with
        {
            Messages = [
                new OutgoingMessage("receiver", stale, TargetExecutionId: "receiver-exec-0"),
                new OutgoingMessage("receiver", current, TargetExecutionId: "receiver-exec-1")],
        });

        var received = await LockAsync("receiver");
        Assert.Equal(current, Assert.Single(received.Messages).Event);
    }

    [Fact]
    public async Task CompleteOrchestrationAsync_SubOrchestrationIdOfFinishedInstance_ReplacesIt()
    {
        await FinishAsync("done-child");
        await CreateAsync("parent");
        var item = await LockAsync("parent");
        var turn = Turn(item, OrchestrationRuntimeStatus.Running, new SubOrchestrationCreated(Now, 4, OrchestratorName, "done-child", null))
            with { SubOrchestrations = [new NewOrchestration(Started("done-child", Now, null, "done-child-exec-2", "parent", 4))] };

        await Store.CompleteOrchestrationAsync(item, turn);

        var child = await Store.GetInstanceAsync("done-child");
        Assert.Equal(("done-child-exec-2", OrchestrationRuntimeStatus.Pending, "parent"), (child!.ExecutionId, child.Status, child.ParentInstanceId));
        Assert.Empty(await Store.GetHistoryAsync("done-child"));
    }

    [Fact]
    public async Task CompleteOrchestrationAsync_SubOrchestration_CreatesPendingChildWithParent()
    {
        await CreateAsync("parent");
        var item = await LockAsync("parent");
        var childStart = Started("child", Now, "\"part\"", parentInstanceId: "parent", parentTaskId: 4);

        await Store.CompleteOrchestrationAsync(
            item,
            Turn(item, OrchestrationRuntimeStatus.Running, new SubOrchestrationCreated(Now, 4, OrchestratorName, "child", "\"part\""))
                with { SubOrchestrations = [new NewOrchestration(childStart)] });

        var child = await Store.GetInstanceAsync("child");
        Assert.Equal((OrchestrationRuntimeStatus.Pending, "parent", "\"part\""), (child!.Status, child.ParentInstanceId, child.Input));
        var childItem = await LockAsync("child");
        Assert.Equal(childStart, Assert.Single(childItem.Messages).Event);
    }

    [Fact]
    public async Task CompleteOrchestrationAsync_SubOrchestrationIdTaken_SendsSubOrchestrationFailedToParent()
    {
        await StartRunningAsync("taken");
        await CreateAsync("parent");
        var item = await LockAsync("parent");
        var turn = Turn(item, OrchestrationRuntimeStatus.Running, new SubOrchestrationCreated(Now, 4, OrchestratorName, "taken", null))
            with { SubOrchestrations = [new NewOrchestration(Started("taken", Now, null, "taken-exec-2", "parent", 4))] };

        await Store.CompleteOrchestrationAsync(item, turn);

        Assert.Equal(turn.NewHistory, await Store.GetHistoryAsync("parent"));
        var failed = Assert.IsType<SubOrchestrationFailed>(Assert.Single((await LockAsync("parent")).Messages).Event);
        Assert.Equal(4, failed.TaskScheduledId);
        Assert.True(failed.FailureDetails.IsCausedBy<OrchestrationAlreadyExistsException>());
        var existing = await Store.GetInstanceAsync("taken");
        Assert.Equal(("taken-exec-1", null), (existing!.ExecutionId, existing.ParentInstanceId));
    }

    [Fact]
    public async Task CompleteOrchestrationAsync_CustomStatusChanged_WritesIt()
    {
        await CreateAsync("reporting");
        var item = await LockAsync("reporting");

        await Store.CompleteOrchestrationAsync(item, Turn(item) with { CustomStatus = "\"step 1\"", CustomStatusChanged = true });

        Assert.Equal("\"step 1\"", (await Store.GetInstanceAsync("reporting"))!.CustomStatus);
    }

    [Fact]
    public async Task CompleteOrchestrationAsync_CustomStatusNotChanged_KeepsThePreviousOne()
    {
        await CreateAsync("reporting");
        var first = await LockAsync("reporting");
        await Store.CompleteOrchestrationAsync(first, Turn(first) with { CustomStatus = "\"step 1\"", CustomStatusChanged = true });
        await Store.SendMessageAsync("reporting", new EventRaised(Now, "Go", null));
        var second = await LockAsync("reporting");

        await Store.CompleteOrchestrationAsync(second, Turn(second) with { CustomStatus = null, CustomStatusChanged = false });

        Assert.Equal("\"step 1\"", (await Store.GetInstanceAsync("reporting"))!.CustomStatus);
    }

    [Fact]
    public async Task CompleteOrchestrationAsync_CustomStatusChangedToNull_ClearsIt()
    {
        await CreateAsync("reporting");
        var first = await LockAsync("reporting");
        await Store.CompleteOrchestrationAsync(first, Turn(first) with { CustomStatus = "\"step 1\"", CustomStatusChanged = true });
        await Store.SendMessageAsync("reporting", new EventRaised(Now, "Go", null));
        var second = await LockAsync("reporting");

        await Store.CompleteOrchestrationAsync(second, Turn(second) with { CustomStatus = null, CustomStatusChanged = true });

        Assert.Null((await Store.GetInstanceAsync("reporting"))!.CustomStatus);
    }

    [Fact]
    public async Task CompleteOrchestrationAsync_RunningTurn_SetsStatusAndLastUpdated()
    {
        await CreateAsync("moving");
        var item = await LockAsync("moving");
        Clock.Advance(TimeSpan.FromSeconds(3));

        await Store.CompleteOrchestrationAsync(item, Turn(item));

        var instance = await Store.GetInstanceAsync("moving");
        Assert.Equal(OrchestrationRuntimeStatus.Running, instance!.Status);
        Assert.Equal(Now, instance.LastUpdatedAt);
        Assert.Equal(Now.AddSeconds(-3), instance.CreatedAt);
        Assert.Null(instance.CompletedAt);
    }
}
