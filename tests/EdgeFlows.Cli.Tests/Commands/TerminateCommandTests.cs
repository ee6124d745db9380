using EdgeFlows.Cli.Tests.Infrastructure;
using EdgeFlows.Durable;

namespace EdgeFlows.Cli.Tests.Commands;

public sealed class TerminateCommandTests(StoreFixture store) : IClassFixture<StoreFixture>
{
    [Fact]
    public async Task Terminate_RunningInstance_EndsItWithTheReason()
    {
        var id = await store.Host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(WaitForever));
        await store.Host.WaitForAsync(id, i => i.Status == OrchestrationRuntimeStatus.Running);

        var result = await store.RunAsync("terminate", id, "--reason", "wrong data");

        Assert.True(result.ExitCode == 0, result.ToString());
        var run = await store.Host.WaitForCompletionAsync(id);
        Assert.Equal(OrchestrationRuntimeStatus.Terminated, run.Status);
        var history = (await store.RunAsync("status", id, "--history", "--json")).Json()["historyEvents"]!.AsArray();
        Assert.Contains(history, e => e!["EventType"]!.GetValue<string>() == "ExecutionTerminated" && e["Reason"]!.GetValue<string>() == "wrong data");
    }

    [Fact]
    public async Task Terminate_UnknownInstance_ExitsNotFound()
    {
        var result = await store.RunAsync("terminate", "nobody");

        Assert.Equal(ExitCodes.NotFound, result.ExitCode);
    }

    [Fact]
    public async Task Terminate_FinishedRun_ExitsConflict()
    {
        var id = await store.StartAndWaitAsync(StoreFixture.NewDataset("tf"));

        var result = await store.RunAsync("terminate", id);

        Assert.Equal(ExitCodes.Conflict, result.ExitCode);
        Assert.Contains("Completed", result.Error, StringComparison.Ordinal);
    }
}
