using EdgeFlows.Cli.Tests.Infrastructure;
using EdgeFlows.Durable;

namespace EdgeFlows.Cli.Tests.Commands;

public sealed class WatchCommandTests(StoreFixture store) : IClassFixture<StoreFixture>
{
    [Fact]
    public async Task Watch_RunThatCompletes_ExitsZeroAfterPrintingEachStep()
    {
        var id = await StartAsync(StoreFixture.NewDataset("wc"));

        var result = await store.RunAsync("watch", id, "--interval", "50ms");

        Assert.True(result.ExitCode == 0, result.ToString());
        var lines = result.Out.Split('\n');
        foreach (var step in new[] { "PlanRetrain", "CheckCompute", "StartTraining", "Wait", "RegisterModel", "BuildAndPushImage", "Notify" })
        {
            Assert.Contains(lines, l => l.Contains($" {step}", StringComparison.Ordinal) && l.Contains("completed", StringComparison.Ordinal));
        }

        Assert.Contains($"{id} completed in", result.Out, StringComparison.Ordinal);
        Assert.Contains("— promoted", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Watch_RunThatFails_ExitsOneAndNamesTheFailedStep()
    {
        var id = await StartAsync(StoreFixture.NewDataset("wf"), "fail-training");

        var result = await store.RunAsync("watch", id, "--interval", "50ms");

        Assert.True(result.ExitCode == ExitCodes.RunFailed, result.ToString());
        var lines = result.Out.Split('\n');
        Assert.Contains(lines, l => l.Contains(" Wait ", StringComparison.Ordinal) && l.Contains("failed", StringComparison.Ordinal) && l.Contains("boom", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains(" RegisterModel ", StringComparison.Ordinal) && l.Contains("not reached", StringComparison.Ordinal));
        Assert.Contains($"{id} failed after", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Watch_JsonOnAFailingRun_PrintsTheFinalStatusWithSteps()
    {
        var id = await StartAsync(StoreFixture.NewDataset("wj"), "fail-training");

        var result = await store.RunAsync("watch", id, "--interval", "50ms", "--json");

        Assert.Equal(ExitCodes.RunFailed, result.ExitCode);
        var json = result.Json();
        Assert.Equal("Failed", json["runtimeStatus"]!.GetValue<string>());
        var steps = json["steps"]!.AsArray();
        Assert.Equal("Failed", steps.Single(s => s!["name"]!.GetValue<string>() == "Wait")!["state"]!.GetValue<string>());
        Assert.Equal("Completed", steps.Single(s => s!["name"]!.GetValue<string>() == "Notify")!["state"]!.GetValue<string>());
        Assert.Contains("boom", json["failureDetails"]!["errorMessage"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Watch_RejectedModel_SkipsTheImageStepAndExitsZero()
    {
        var id = await StartAsync(StoreFixture.NewDataset("wr"), "reject");

        var result = await store.RunAsync("watch", id, "--interval", "50ms", "--json");

        Assert.Equal(0, result.ExitCode);
        var steps = result.Json()["steps"]!.AsArray();
        Assert.Equal("Skipped", steps.Single(s => s!["name"]!.GetValue<string>() == "BuildAndPushImage")!["state"]!.GetValue<string>());
    }

    [Fact]
    public async Task Watch_TerminatedRun_ExitsOne()
    {
        var id = await store.Host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(WaitForever));
        await store.Host.WaitForAsync(id, i => i.Status == OrchestrationRuntimeStatus.Running);
        await store.Host.Client.TerminateInstanceAsync(id, "no longer needed");
        await store.Host.WaitForCompletionAsync(id);

        var result = await store.RunAsync("watch", id);

        Assert.Equal(ExitCodes.RunFailed, result.ExitCode);
        Assert.Contains("was terminated", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Watch_Timeout_ExitsSixWhileTheRunGoesOn()
    {
        var id = await store.Host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(WaitForever));

        var result = await store.RunAsync("watch", id, "--interval", "50ms", "--timeout", "300ms");

        Assert.Equal(ExitCodes.WatchTimeout, result.ExitCode);
        Assert.Contains("Stopped watching after", result.Out, StringComparison.Ordinal);
        var instance = await store.Host.Client.GetInstanceAsync(id);
        Assert.False(instance!.Status.IsTerminal());
    }

    [Fact]
    public async Task Watch_InteractiveConsole_DrawsTheStepsTableLive()
    {
        var id = await StartAsync(StoreFixture.NewDataset("wl"));

        var result = await CliRun.RunAsync(store.Args("watch", id, "--interval", "50ms"), environment: null, interactive: true);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("\u001b[", result.Out, StringComparison.Ordinal);
        Assert.Contains("│ Step", result.Out, StringComparison.Ordinal);
        Assert.Contains("BuildAndPushImage", result.Out, StringComparison.Ordinal);
        Assert.Contains($"{id} completed in", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Watch_UnknownInstance_ExitsNotFound()
    {
        var result = await store.RunAsync("watch", "nobody");

        Assert.Equal(ExitCodes.NotFound, result.ExitCode);
        Assert.Contains("'nobody'", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Watch_BadInterval_ExitsUsageNamingTheOption()
    {
        var result = await store.RunAsync("watch", "x", "--interval", "soon");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("'--interval'", result.Error, StringComparison.Ordinal);
    }

    private async Task<string> StartAsync(string dataset, string? recipe = null)
    {
        var result = await store.RunAsync(recipe is null ? ["start", dataset, "--json"] : ["start", dataset, "--recipe", recipe, "--json"]);
        return result.Json()["instanceId"]!.GetValue<string>();
    }
}
