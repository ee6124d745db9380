using EdgeFlows.Durable.Client;
using EdgeFlows.Durable.Stores;
using EdgeFlows.Durable.Tests.Infrastructure;

namespace EdgeFlows.Durable.Tests.Client;

public sealed class PurgeTests
{
    private sealed class Quick : TaskOrchestrator<int, int>
    {
        public override Task<int> RunAsync(OrchestrationContext context, int input) => Task.FromResult(input);
    }

    private sealed class AwaitsEvent : TaskOrchestrator<string?, string>
    {
        public override Task<string> RunAsync(OrchestrationContext context, string? input) =>
            context.WaitForExternalEvent<string>("go");
    }

    private static Task<DurableTestHost> StartAsync(int purgeBatchSize = 500) => DurableTestHost.StartAsync(
        r => r.AddOrchestrator<Quick>().AddOrchestrator<AwaitsEvent>(),
        o => o.PurgeBatchSize = purgeBatchSize);

    [Fact]
    public async Task PurgeInstanceAsync_Completed_DeletesInstanceAndHistory()
    {
        await using var host = await StartAsync();
        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(Quick), 1);
        await host.WaitForCompletionAsync(id);

        var purged = await host.Client.PurgeInstanceAsync(id);

        Assert.True(purged);
        Assert.Null(await host.Client.GetInstanceAsync(id));
        Assert.Empty(await host.Client.GetHistoryAsync(id));
    }

    [Fact]
    public async Task PurgeInstanceAsync_UnknownId_ReturnsFalse()
    {
        await using var host = await StartAsync();

        Assert.False(await host.Client.PurgeInstanceAsync("no-such-instance"));
    }

    [Fact]
    public async Task PurgeInstanceAsync_Running_ThrowsAndKeepsTheInstance()
    {
        await using var host = await StartAsync();
        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(AwaitsEvent));
        await host.WaitForAsync(id, i => i.Status == OrchestrationRuntimeStatus.Running);

        await Assert.ThrowsAsync<InvalidOperationException>(() => host.Client.PurgeInstanceAsync(id));

        Assert.Equal(OrchestrationRuntimeStatus.Running, (await host.Client.GetInstanceAsync(id))!.Status);
    }

    [Fact]
    public async Task PurgeInstancesAsync_MoreThanOneBatch_DeletesEveryFinishedInstanceAndNoRunningOne()
    {
        await using var host = await StartAsync(purgeBatchSize: 3);
        var finished = new List<string>();
        for (var i = 0; i < 10; i++)
        {
            finished.Add(await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(Quick), i));
        }

        var running = new List<string>
        {
            await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(AwaitsEvent)),
            await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(AwaitsEvent)),
        };
        foreach (var id in finished)
        {
            await host.WaitForCompletionAsync(id);
        }

        foreach (var id in running)
        {
            await host.WaitForAsync(id, i => i.Status == OrchestrationRuntimeStatus.Running);
        }

        var purged = await host.Client.PurgeInstancesAsync(new PurgeFilter());
        var left = await host.Client.QueryInstancesAsync(new InstanceQuery());

        Assert.Equal(10, purged);
        Assert.Equal(running.Order(), left.Items.Select(i => i.InstanceId).Order());
    }

    [Fact]
    public async Task PurgeInstancesAsync_CreatedToFilter_KeepsLaterInstances()
    {
        await using var host = await StartAsync();
        var early = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(Quick), 1);
        await host.WaitForCompletionAsync(early);
        var boundary = await TestClock.MomentAfterAsync((await host.Client.GetInstanceAsync(early))!.CreatedAt);
        var late = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(Quick), 2);
        await host.WaitForCompletionAsync(late);

        var purged = await host.Client.PurgeInstancesAsync(new PurgeFilter(CreatedTo: boundary));

        Assert.Equal(1, purged);
        Assert.Null(await host.Client.GetInstanceAsync(early));
        Assert.NotNull(await host.Client.GetInstanceAsync(late));
    }
}
