// Conformance: receipts, the exactly-once primitive of triggers. An event is raised together
// with the receipts for what it reports, or not at all.
using EdgeFlows.Durable.History;
using EdgeFlows.Durable.Stores;

namespace EdgeFlows.Durable.Tests.Stores;

public abstract partial class StoreConformanceTests
{
    private Task<bool> RaiseWithReceiptsAsync(string instanceId, string? payload, params string[] keys) =>
        Store.RaiseEventWithReceiptsAsync(instanceId, new EventRaised(Now, "Changed", payload), keys, Started(instanceId, Now, input: null));

    [Fact]
    public async Task RaiseEventWithReceiptsAsync_MissingInstance_CreatesItWithTheEventAfterItsStart()
    {
        Assert.True(await RaiseWithReceiptsAsync("watcher", "\"1\"", "w:c/a@1"));

        var item = await LockAsync("watcher");
        Assert.Equal([Started("watcher", Now, input: null), new EventRaised(Now, "Changed", "\"1\"")], item.Messages.Select(m => m.Event));
        Assert.Equal(OrchestrationRuntimeStatus.Pending, item.Status);
    }

    [Fact]
    public async Task RaiseEventWithReceiptsAsync_RunningInstance_QueuesOnlyTheEvent()
    {
        await StartRunningAsync("watcher");

        Assert.True(await RaiseWithReceiptsAsync("watcher", "\"1\"", "w:c/a@1"));

        var item = await LockAsync("watcher");
        Assert.Equal([new EventRaised(Now, "Changed", "\"1\"")], item.Messages.Select(m => m.Event));
        Assert.Equal("watcher-exec-1", item.ExecutionId);
    }

    [Fact]
    public async Task RaiseEventWithReceiptsAsync_FinishedInstance_ReplacesItWithANewExecution()
    {
        await FinishAsync("watcher", OrchestrationRuntimeStatus.Failed);
        Clock.Advance(TimeSpan.FromMinutes(1));

        Assert.True(await Store.RaiseEventWithReceiptsAsync(
            "watcher", new EventRaised(Now, "Changed", null), ["w:c/a@1"], Started("watcher", Now, input: "\"fresh\"", executionId: "watcher-exec-2")));

        var instance = await Store.GetInstanceAsync("watcher");
        Assert.Equal((OrchestrationRuntimeStatus.Pending, "watcher-exec-2", "\"fresh\""), (instance!.Status, instance.ExecutionId, instance.Input));
        Assert.Empty(await Store.GetHistoryAsync("watcher"));
        Assert.Equal(2, (await LockAsync("watcher")).Messages.Count);
    }

    [Fact]
    public async Task RaiseEventWithReceiptsAsync_AnyKeyRecorded_WritesNothingAndReturnsFalse()
    {
        Assert.True(await RaiseWithReceiptsAsync("watcher", "\"1\"", "w:c/a@1"));
        var before = await LockAsync("watcher");
        await Store.AbandonOrchestrationAsync(before);

        Assert.False(await RaiseWithReceiptsAsync("watcher", "\"2\"", "w:c/b@1", "w:c/a@1"));

        Assert.Equal(2, (await LockAsync("watcher")).Messages.Count);
        Assert.Equal(["w:c/a@1"], await Store.GetReceiptsAsync("w:"));
    }

    [Fact]
    public async Task RaiseEventWithReceiptsAsync_AnyKeyRecorded_CreatesNoInstance()
    {
        Assert.True(await RaiseWithReceiptsAsync("first", "\"1\"", "w:c/a@1"));

        Assert.False(await RaiseWithReceiptsAsync("second", "\"2\"", "w:c/a@1"));

        Assert.Null(await Store.GetInstanceAsync("second"));
    }

    [Fact]
    public async Task RaiseEventWithReceiptsAsync_NewVersionOfAName_IsANewReceipt()
    {
        Assert.True(await RaiseWithReceiptsAsync("watcher", "\"1\"", "w:c/a@1"));

        Assert.True(await RaiseWithReceiptsAsync("watcher", "\"2\"", "w:c/a@2"));

        Assert.Equal(["w:c/a@1", "w:c/a@2"], (await Store.GetReceiptsAsync("w:c/a@")).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task RaiseEventWithReceiptsAsync_ConcurrentCallsWithTheSameKey_ExactlyOneRaises()
    {
        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(() => RaiseWithReceiptsAsync("watcher", $"\"{i}\"", "w:c/a@1"))));

        Assert.Single(results, raised => raised);
        var item = await LockAsync("watcher");
        Assert.Single(item.Messages, m => m.Event is EventRaised);
    }

    [Fact]
    public async Task RaiseEventWithReceiptsAsync_StartForAnotherInstance_Throws()
    {
        await Assert.ThrowsAsync<ArgumentException>(() =>
            Store.RaiseEventWithReceiptsAsync("watcher", new EventRaised(Now, "Changed", null), ["w:c/a@1"], Started("other", Now)));

        Assert.Empty(await Store.GetReceiptsAsync(string.Empty));
    }

    [Fact]
    public async Task RaiseEventWithReceiptsAsync_Raised_SetsOrchestrationsSignal()
    {
        await DrainAsync(Store.Signals.Orchestrations);

        await RaiseWithReceiptsAsync("watcher", null, "w:c/a@1");

        Assert.True(await Store.Signals.Orchestrations.WaitAsync(SignalTimeout, CancellationToken.None));
    }

    [Fact]
    public async Task PurgeInstanceAsync_InstanceWithReceipts_KeepsTheReceipts()
    {
        await RaiseWithReceiptsAsync("watcher", "\"1\"", "w:c/a@1");
        var item = await LockAsync("watcher");
        await Store.CompleteOrchestrationAsync(item, FinishingTurn(item));

        Assert.True(await Store.PurgeInstanceAsync("watcher"));

        Assert.Equal(["w:c/a@1"], await Store.GetReceiptsAsync("w:c/"));
        Assert.False(await RaiseWithReceiptsAsync("watcher", "\"1\"", "w:c/a@1"));
    }

    [Fact]
    public async Task DeleteReceiptsAsync_SomeKeys_DeletesThoseAndCountsTheRecordedOnes()
    {
        await RaiseWithReceiptsAsync("watcher", "\"1\"", "w:c/a@1", "w:c/b@1", "w:c/c@1");

        var deleted = await Store.DeleteReceiptsAsync(["w:c/a@1", "w:c/c@1", "w:c/never@1", "w:c/a@1"]);

        Assert.Equal(2, deleted);
        Assert.Equal(["w:c/b@1"], await Store.GetReceiptsAsync("w:"));
    }

    [Fact]
    public async Task DeleteReceiptsAsync_Deleted_KeyCanBeRecordedAgain()
    {
        await RaiseWithReceiptsAsync("watcher", "\"1\"", "w:c/a@1");

        await Store.DeleteReceiptsAsync(["w:c/a@1"]);

        Assert.True(await RaiseWithReceiptsAsync("watcher", "\"2\"", "w:c/a@1"));
        Assert.Equal(["w:c/a@1"], await Store.GetReceiptsAsync("w:"));
    }

    [Fact]
    public async Task DeleteReceiptsAsync_NoKeys_DeletesNothing()
    {
        await RaiseWithReceiptsAsync("watcher", "\"1\"", "w:c/a@1");

        Assert.Equal(0, await Store.DeleteReceiptsAsync([]));

        Assert.Equal(["w:c/a@1"], await Store.GetReceiptsAsync("w:"));
    }

    [Fact]
    public async Task GetReceiptsAsync_Prefix_ReturnsOnlyKeysStartingWithIt()
    {
        await RaiseWithReceiptsAsync("watcher", "\"1\"", "w:c/data/a@1", "w:c/data/b@1", "w:c/datb@1", "w:c/dat@1", "v:c/data/a@1");

        Assert.Equal(["w:c/data/a@1", "w:c/data/b@1"], (await Store.GetReceiptsAsync("w:c/data/")).Order(StringComparer.Ordinal));
        Assert.Equal(4, (await Store.GetReceiptsAsync("w:")).Count);
        Assert.Equal(5, (await Store.GetReceiptsAsync(string.Empty)).Count);
    }

    [Fact]
    public async Task GetReceiptsAsync_NonAsciiPrefix_MatchesExactly()
    {
        await RaiseWithReceiptsAsync("watcher", "\"1\"", "w:c/données/a@1", "w:c/donnéez@1", "w:c/\uFFFF/a@1", "w:c/\uFFFFb@1", "w:c/x@1");

        Assert.Equal(["w:c/données/a@1"], await Store.GetReceiptsAsync("w:c/données/"));
        Assert.Equal(["w:c/\uFFFF/a@1"], await Store.GetReceiptsAsync("w:c/\uFFFF/"));
        Assert.Equal(2, (await Store.GetReceiptsAsync("w:c/\uFFFF")).Count);
    }
}
