using EdgeFlows.Durable.Client;
using EdgeFlows.Durable.Stores;
using EdgeFlows.Durable.Tests.Infrastructure;

namespace EdgeFlows.Durable.Tests.Client;

public sealed class QueryTests
{
    private sealed class Quick : TaskOrchestrator<int, int>
    {
        public override Task<int> RunAsync(OrchestrationContext context, int input) => Task.FromResult(input);
    }

    private sealed class AwaitsEvent : TaskOrchestrator<int, string>
    {
        public override Task<string> RunAsync(OrchestrationContext context, int input) =>
            context.WaitForExternalEvent<string>("go");
    }

    private static Task<DurableTestHost> StartAsync(bool startWorker = true) =>
        DurableTestHost.StartAsync(r => r.AddOrchestrator<Quick>().AddOrchestrator<AwaitsEvent>(), startWorker: startWorker);

    private static async Task<List<string>> StartManyAsync(DurableTestHost host, string name, int count, string prefix = "")
    {
        var ids = new List<string>();
        for (var i = 0; i < count; i++)
        {
            ids.Add(await host.Client.ScheduleNewOrchestrationInstanceAsync(name, i, new StartOrchestrationOptions($"{prefix}{Guid.NewGuid():N}")));
        }

        return ids;
    }

    private static async Task<List<string>> IdsAsync(DurableTestHost host, InstanceQuery query) =>
        [.. (await host.Client.QueryInstancesAsync(query)).Items.Select(i => i.InstanceId).Order()];

    [Fact]
    public async Task QueryInstancesAsync_StatusFilter_ReturnsOnlyThoseStatuses()
    {
        await using var host = await StartAsync();
        var completed = await StartManyAsync(host, nameof(Quick), 3);
        var running = await StartManyAsync(host, nameof(AwaitsEvent), 2);
        foreach (var id in completed)
        {
            await host.WaitForCompletionAsync(id);
        }

        foreach (var id in running)
        {
            await host.WaitForAsync(id, i => i.Status == OrchestrationRuntimeStatus.Running);
        }

        Assert.Equal(running.Order(), await IdsAsync(host, new InstanceQuery([OrchestrationRuntimeStatus.Running])));
        Assert.Equal(completed.Order(), await IdsAsync(host, new InstanceQuery([OrchestrationRuntimeStatus.Completed])));
        Assert.Equal(5, (await IdsAsync(host, new InstanceQuery([OrchestrationRuntimeStatus.Completed, OrchestrationRuntimeStatus.Running]))).Count);
    }

    [Fact]
    public async Task QueryInstancesAsync_NameFilter_ReturnsOnlyThatOrchestrator()
    {
        await using var host = await StartAsync(startWorker: false);
        var quick = await StartManyAsync(host, nameof(Quick), 3);
        await StartManyAsync(host, nameof(AwaitsEvent), 2);

        Assert.Equal(quick.Order(), await IdsAsync(host, new InstanceQuery(Name: nameof(Quick))));
    }

    [Fact]
    public async Task QueryInstancesAsync_CreatedRange_SplitsAtTheBoundary()
    {
        await using var host = await StartAsync(startWorker: false);
        var before = await StartManyAsync(host, nameof(Quick), 3);
        var lastBefore = await host.Client.GetInstanceAsync(before[^1]);
        var boundary = await TestClock.MomentAfterAsync(lastBefore!.CreatedAt);
        var after = await StartManyAsync(host, nameof(Quick), 2);

        Assert.Equal(after.Order(), await IdsAsync(host, new InstanceQuery(CreatedFrom: boundary)));
        Assert.Equal(before.Order(), await IdsAsync(host, new InstanceQuery(CreatedTo: boundary)));
    }

    [Fact]
    public async Task QueryInstancesAsync_InstanceIdPrefix_MatchesLiterally()
    {
        await using var host = await StartAsync(startWorker: false);
        var wanted = await StartManyAsync(host, nameof(Quick), 3, prefix: "run_");
        await StartManyAsync(host, nameof(Quick), 2, prefix: "runx");
        await StartManyAsync(host, nameof(Quick), 2, prefix: "other-");

        Assert.Equal(wanted.Order(), await IdsAsync(host, new InstanceQuery(InstanceIdPrefix: "run_")));
    }

    [Fact]
    public async Task QueryInstancesAsync_PagesOfTen_ReturnEveryInstanceOnceNewestFirst()
    {
        await using var host = await StartAsync(startWorker: false);
        var all = await StartManyAsync(host, nameof(Quick), 25);

        var pages = new List<InstancePage>();
        var query = new InstanceQuery(PageSize: 10);
        do
        {
            pages.Add(await host.Client.QueryInstancesAsync(query));
            query = query with { ContinuationToken = pages[^1].ContinuationToken };
        }
        while (query.ContinuationToken is not null);

        Assert.Equal([10, 10, 5], pages.Select(p => p.Items.Count));
        var seen = pages.SelectMany(p => p.Items).ToList();
        Assert.Equal(all.Order(), seen.Select(i => i.InstanceId).Order());
        Assert.Equal(seen.OrderByDescending(i => i.CreatedAt).ThenByDescending(i => i.InstanceId, StringComparer.Ordinal), seen);
    }

    [Fact]
    public async Task GetAllInstancesAsync_SmallPages_YieldsEveryMatchingInstance()
    {
        await using var host = await StartAsync(startWorker: false);
        var all = await StartManyAsync(host, nameof(Quick), 25);
        await StartManyAsync(host, nameof(AwaitsEvent), 3);

        var seen = new List<string>();
        await foreach (var instance in host.Client.GetAllInstancesAsync(new InstanceQuery(Name: nameof(Quick), PageSize: 10)))
        {
            seen.Add(instance.InstanceId);
        }

        Assert.Equal(all.Order(), seen.Order());
    }

    [Fact]
    public async Task QueryInstancesAsync_IncludePayloads_ControlsInputAndOutput()
    {
        await using var host = await StartAsync();
        var id = (await StartManyAsync(host, nameof(Quick), 1))[0];
        await host.WaitForCompletionAsync(id);

        var without = Assert.Single((await host.Client.QueryInstancesAsync(new InstanceQuery())).Items);
        var with = Assert.Single((await host.Client.QueryInstancesAsync(new InstanceQuery(IncludePayloads: true))).Items);

        Assert.Null(without.Input);
        Assert.Null(without.Output);
        Assert.Equal(0, with.ReadInputAs<int>());
        Assert.Equal("0", with.Output);
    }
}
