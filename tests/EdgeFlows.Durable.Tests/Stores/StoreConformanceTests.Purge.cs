// Conformance: purging finished instances, one at a time and in batches.
using EdgeFlows.Durable.History;
using EdgeFlows.Durable.Stores;

namespace EdgeFlows.Durable.Tests.Stores;

public abstract partial class StoreConformanceTests
{
    [Fact]
    public async Task PurgeInstanceAsync_Running_ThrowsInvalidOperationAndKeepsIt()
    {
        await StartRunningAsync("running");

        await Assert.ThrowsAsync<InvalidOperationException>(() => Store.PurgeInstanceAsync("running"));

        Assert.NotNull(await Store.GetInstanceAsync("running"));
        Assert.NotEmpty(await Store.GetHistoryAsync("running"));
    }

    [Fact]
    public async Task PurgeInstanceAsync_Finished_ReturnsTrueAndRemovesEverything()
    {
        await StartRunningAsync("old", Call(0));
        await Store.SendMessageAsync("old", new ExecutionTerminated(Now, "stop"));
        var item = await LockAsync("old");
        await Store.CompleteOrchestrationAsync(item, FinishingTurn(item, OrchestrationRuntimeStatus.Terminated));

        Assert.True(await Store.PurgeInstanceAsync("old"));

        Assert.Null(await Store.GetInstanceAsync("old"));
        Assert.Empty(await Store.GetHistoryAsync("old"));
        Assert.Empty(await Store.LockNextActivitiesAsync(Owner, 10, Lease));
        Assert.Empty((await Store.QueryInstancesAsync(new InstanceQuery())).Items);
        Assert.True(await CreateAsync("old"));
        Assert.Equal(0, (await LockAsync("old")).HistoryCount);
    }

    [Fact]
    public async Task PurgeInstanceAsync_Missing_ReturnsFalse()
    {
        Assert.False(await Store.PurgeInstanceAsync("nobody"));
    }

    [Fact]
    public async Task PurgeInstancesBatchAsync_ManyFinished_DeletesAtMostBatchSizeEachCall()
    {
        foreach (var id in new[] { "f1", "f2", "f3", "f4", "f5" })
        {
            await FinishAsync(id);
        }

        var removed = new List<int>();
        for (var i = 0; i < 4; i++)
        {
            removed.Add(await Store.PurgeInstancesBatchAsync(new PurgeFilter(), 2));
        }

        Assert.Equal([2, 2, 1, 0], removed);
        Assert.Empty((await Store.QueryInstancesAsync(new InstanceQuery())).Items);
    }

    [Fact]
    public async Task PurgeInstancesBatchAsync_Filter_DeletesOnlyFinishedInstancesMatchingIt()
    {
        await FinishAsync("early-done");
        Clock.Advance(TimeSpan.FromHours(1));
        var from = Now;
        await FinishAsync("done");
        await FinishAsync("failed", OrchestrationRuntimeStatus.Failed);
        await FinishAsync("terminated", OrchestrationRuntimeStatus.Terminated);
        await StartRunningAsync("running");
        await CreateAsync("pending", startAt: Now.AddDays(1));
        Clock.Advance(TimeSpan.FromHours(1));
        var to = Now;
        await FinishAsync("late-done");

        var removed = await Store.PurgeInstancesBatchAsync(
            new PurgeFilter(from, to, [OrchestrationRuntimeStatus.Completed, OrchestrationRuntimeStatus.Failed]), 100);

        Assert.Equal(2, removed);
        var left = await Store.QueryInstancesAsync(new InstanceQuery());
        Assert.Equal(["early-done", "late-done", "pending", "running", "terminated"], left.Items.Select(i => i.InstanceId).Order());
    }

    [Fact]
    public async Task PurgeInstancesBatchAsync_NoStatuses_DeletesEveryFinishedStatusButNothingRunning()
    {
        await FinishAsync("done");
        await FinishAsync("failed", OrchestrationRuntimeStatus.Failed);
        await FinishAsync("terminated", OrchestrationRuntimeStatus.Terminated);
        await StartRunningAsync("running");

        var removed = await Store.PurgeInstancesBatchAsync(new PurgeFilter(), 100);

        Assert.Equal(3, removed);
        Assert.Equal("running", Assert.Single((await Store.QueryInstancesAsync(new InstanceQuery())).Items).InstanceId);
    }
}
