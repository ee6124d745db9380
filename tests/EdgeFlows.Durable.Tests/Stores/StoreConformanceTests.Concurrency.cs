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

    [Fact]
    public async Task ConcurrentLocks_SeveralOwners_NeverShareAnInstance()
    {
        var ids = Enumerable.Range(0, 24).Select(i => $"shared-{i:D2}").ToList();
        foreach (var id in ids)
        {
            await CreateAsync(id);
        }

        var locked = await LockConcurrentlyAsync(owner => Store.LockNextOrchestrationsAsync(owner, 3, Lease), i => i.InstanceId);

        Assert.Equal(ids, locked.Order());
    }

    [Fact]
    public async Task ConcurrentActivityLocks_SeveralOwners_NeverShareAWorkItem()
    {
        var calls = Enumerable.Range(0, 24).Select(i => Call(i)).ToArray();
        await StartRunningAsync("fan-out", calls);

        var locked = await LockConcurrentlyAsync(owner => Store.LockNextActivitiesAsync(owner, 3, Lease), w => w.TaskId);

        Assert.Equal(calls.Select(c => c.TaskId), locked.Order());
    }

    [Fact]
    public async Task ConcurrentCreates_SameId_ExactlyOneSucceeds()
    {
        using var go = new ManualResetEventSlim();
        var attempts = Enumerable.Range(0, Parallelism).Select(i => Task.Run(async () =>
        {
            go.Wait();
            try
            {
                return await Store.CreateInstanceAsync(
                    new NewOrchestration(Started("once", Now, $"\"{i}\"", $"once-exec-{i}")), OrchestrationIdReusePolicy.Error);
            }
            catch (OrchestrationAlreadyExistsException)
            {
                return false;
            }
        })).ToList();
        go.Set();

        var created = await Task.WhenAll(attempts);

        Assert.Single(created, c => c);
        Assert.Single((await LockAsync("once")).Messages);
    }

    /// <summary>Owners lock in parallel until no work is left; returns every key each got, duplicates kept.</summary>
    private static async Task<List<TKey>> LockConcurrentlyAsync<TItem, TKey>(Func<string, Task<IReadOnlyList<TItem>>> lockNext, Func<TItem, TKey> key)
    {
        using var go = new ManualResetEventSlim();
        var owners = Enumerable.Range(0, 4).Select(o => Task.Run(async () =>
        {
            go.Wait();
            var mine = new List<TKey>();
            for (var round = 0; round < 100; round++)
            {
                var items = await lockNext($"owner-{o}");
                if (items.Count == 0)
                {
                    break;
                }

                mine.AddRange(items.Select(key));
            }

            return mine;
        })).ToList();
        go.Set();
        return [.. (await Task.WhenAll(owners)).SelectMany(m => m)];
    }
}
