// Conformance: many commits at once (a store may batch them, as SQLite's group commit
// does) — every one lands, and one that fails takes none of the others with it.
using EdgeFlows.Durable.History;
using EdgeFlows.Durable.Stores;

namespace EdgeFlows.Durable.Tests.Stores;

public abstract partial class StoreConformanceTests
{
    private const int Parallelism = 8;

    [Fact]
    public async Task ConcurrentCommits_ActivitiesAndTurnsOfManyInstances_AllCommitted()
    {
        var callers = Enumerable.Range(0, Parallelism).Select(i => $"caller-{i}").ToList();
        var starters = Enumerable.Range(0, Parallelism).Select(i => $"starter-{i}").ToList();
        foreach (var id in callers)
        {
            await StartRunningAsync(id, Call(0));
        }

        var work = (await Store.LockNextActivitiesAsync(Owner, 100, Lease)).ToDictionary(w => w.InstanceId);
        foreach (var id in starters)
        {
            await CreateAsync(id);
        }

        var turns = (await Store.LockNextOrchestrationsAsync(Owner, 100, Lease)).ToDictionary(i => i.InstanceId);
        Assert.Equal(Parallelism, work.Count);
        Assert.Equal(Parallelism, turns.Count);
        using var go = new ManualResetEventSlim();

        var commits = Enumerable.Range(0, Parallelism).Select(i => Task.Run(async () =>
        {
            go.Wait();
            var activity = Store.CompleteActivityAsync(work[callers[i]], new TaskCompleted(Now, 0, $"\"{i}\""));
            var item = turns[starters[i]];
            await Store.CompleteOrchestrationAsync(item, TurnCalling(item, Call(0)));
            await activity;
        })).ToList();
        go.Set();
        await Task.WhenAll(commits);

        var due = await Store.LockNextOrchestrationsAsync(Owner, 100, Lease);
        Assert.Equal(callers.Order(), due.Select(d => d.InstanceId).Order());
        Assert.All(due, d => Assert.IsType<TaskCompleted>(Assert.Single(d.Messages).Event));
        var scheduled = await Store.LockNextActivitiesAsync(Owner, 100, Lease);
        Assert.Equal(starters.Order(), scheduled.Select(s => s.InstanceId).Order());
        foreach (var id in starters)
        {
            Assert.Equal(3, (await Store.GetHistoryAsync(id)).Count);
        }
    }

    [Fact]
    public async Task ConcurrentCommits_OneWithLostLease_OthersStillCommitted()
    {
        await CreateAsync("contested");
        Clock.Advance(TimeSpan.FromMilliseconds(1));
        var others = Enumerable.Range(0, Parallelism - 1).Select(i => $"valid-{i}").ToList();
        foreach (var id in others)
        {
            await CreateAsync(id);
        }

        // The contested instance is due first, so each single lock below takes it.
        var stale = Assert.Single(await Store.LockNextOrchestrationsAsync(Owner, 1, TimeSpan.FromSeconds(1)));
        Clock.Advance(TimeSpan.FromSeconds(2));
        var current = Assert.Single(await Store.LockNextOrchestrationsAsync(OtherOwner, 1, Lease));
        Assert.Equal(("contested", "contested"), (stale.InstanceId, current.InstanceId));
        var valid = await Store.LockNextOrchestrationsAsync(Owner, 100, Lease);
        Assert.Equal(others.Order(), valid.Select(v => v.InstanceId).Order());
        using var go = new ManualResetEventSlim();

        var staleCommit = Task.Run(() =>
        {
            go.Wait();
            return Store.CompleteOrchestrationAsync(stale, TurnCalling(stale, Call(0)));
        });
        var validCommits = valid.Select(item => Task.Run(() =>
        {
            go.Wait();
            return Store.CompleteOrchestrationAsync(item, TurnCalling(item, Call(0)));
        })).ToList();
        go.Set();

        await Assert.ThrowsAsync<LeaseLostException>(() => staleCommit);
        await Task.WhenAll(validCommits);
        foreach (var id in others)
        {
            Assert.Equal(OrchestrationRuntimeStatus.Running, (await Store.GetInstanceAsync(id))!.Status);
            Assert.Equal(3, (await Store.GetHistoryAsync(id)).Count);
        }

        Assert.Empty(await Store.GetHistoryAsync("contested"));
        var scheduled = await Store.LockNextActivitiesAsync(Owner, 100, Lease);
        Assert.Equal(others.Order(), scheduled.Select(s => s.InstanceId).Order());
    }
}
