using EdgeFlows.Cli.Tests.Infrastructure;
using EdgeFlows.Durable;

namespace EdgeFlows.Cli.Tests.Commands;

public sealed class PurgeCommandTests(StoreFixture store) : IClassFixture<StoreFixture>
{
    [Fact]
    public async Task Purge_FinishedRun_DeletesIt()
    {
        var id = await store.StartAndWaitAsync(StoreFixture.NewDataset("pf"));

        var result = await store.RunAsync("purge", id, "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(1, result.Json()["instancesDeleted"]!.GetValue<int>());
        Assert.Null(await store.Host.Client.GetInstanceAsync(id));
    }

    [Fact]
    public async Task Purge_RunningInstance_ExitsConflictAndKeepsIt()
    {
        var id = await store.Host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(WaitForever));

        var result = await store.RunAsync("purge", id);

        Assert.Equal(ExitCodes.Conflict, result.ExitCode);
        Assert.NotNull(await store.Host.Client.GetInstanceAsync(id));
    }

    [Fact]
    public async Task Purge_UnknownInstance_ExitsNotFound()
    {
        var result = await store.RunAsync("purge", "nobody");

        Assert.Equal(ExitCodes.NotFound, result.ExitCode);
    }

    [Fact]
    public async Task Purge_CreatedAfter_DeletesTheFinishedRunsInTheRangeOnly()
    {
        var running = await store.Host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(WaitForever));
        var from = DateTimeOffset.UtcNow.AddSeconds(-1);
        var completed = await store.StartAndWaitAsync(StoreFixture.NewDataset("pb"));
        var failed = await store.StartAndWaitAsync(StoreFixture.NewDataset("pb"), "fail-training");

        var result = await store.RunAsync("purge", "--created-after", from.ToString("o"), "--status", "Failed", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.True(result.Json()["instancesDeleted"]!.GetValue<int>() >= 1);
        Assert.Null(await store.Host.Client.GetInstanceAsync(failed));
        Assert.NotNull(await store.Host.Client.GetInstanceAsync(completed));
        Assert.NotNull(await store.Host.Client.GetInstanceAsync(running));
    }

    [Fact]
    public async Task Purge_NothingMatches_DeletesNoneAndExitsZero()
    {
        var result = await store.RunAsync("purge", "--created-after", "2000-01-01", "--created-before", "2000-01-02");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Purged 0 finished instances.", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Purge_NeitherIdNorRange_ExitsUsage()
    {
        var result = await store.RunAsync("purge");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("--created-after", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Purge_RunningStatusFilter_ExitsUsage()
    {
        var result = await store.RunAsync("purge", "--created-after", "1d", "--status", "Running");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("only finished instances", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Purge_BothIdAndRange_ExitsUsage()
    {
        var result = await store.RunAsync("purge", "some-id", "--created-after", "1d");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("not both", result.Error, StringComparison.Ordinal);
    }
}
