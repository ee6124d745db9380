using EdgeFlows.Cli.Tests.Infrastructure;
using EdgeFlows.Durable;

namespace EdgeFlows.Cli.Tests.Remote;

/// <summary>start, status, list and watch against the running app over HTTP.</summary>
public sealed class RemoteRunCommandTests(AppFixture app) : IClassFixture<AppFixture>
{
    [Fact]
    public async Task Start_OverHttp_StartsARetrainTheAppRuns()
    {
        var dataset = StoreFixture.NewDataset("hs");

        var result = await app.RunAsync("start", dataset, "--reason", "over http", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        var id = result.Json()["instanceId"]!.GetValue<string>();
        Assert.StartsWith($"retrain:{dataset}:", id, StringComparison.Ordinal);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var run = await app.App.Client.WaitForInstanceCompletionAsync(id, timeout.Token);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, run.Status);
    }

    [Fact]
    public async Task Start_SameRequestIdOverHttpAndOnTheStore_NamesTheSameRun()
    {
        var dataset = StoreFixture.NewDataset("hi");

        var overHttp = await app.RunAsync("start", dataset, "--request-id", "build-7", "--json");
        var onStore = await app.RunOnStoreAsync("start", dataset, "--request-id", "build-7", "--json");

        Assert.Equal(0, onStore.ExitCode);
        Assert.Equal(overHttp.Json()["instanceId"]!.GetValue<string>(), onStore.Json()["instanceId"]!.GetValue<string>());
    }

    [Fact]
    public async Task Status_OverHttp_IsTheSameDocumentAsFromTheStore()
    {
        var completed = await app.StartAndWaitAsync(StoreFixture.NewDataset("hd"));
        var failed = await app.StartAndWaitAsync(StoreFixture.NewDataset("hd"), "fail-training");

        foreach (var id in new[] { completed, failed })
        {
            var overHttp = await app.RunAsync("status", id, "--history", "--json");
            var onStore = await app.RunOnStoreAsync("status", id, "--history", "--json");

            Assert.True(overHttp.ExitCode == 0, overHttp.ToString());
            Assert.Equal(onStore.Out, overHttp.Out);
        }
    }

    [Fact]
    public async Task Status_OverHttp_ShowsStepsAndResult()
    {
        var dataset = StoreFixture.NewDataset("hr");
        var id = await app.StartAndWaitAsync(dataset);

        var result = await app.RunAsync("status", id);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("BuildAndPushImage", result.Out, StringComparison.Ordinal);
        Assert.Contains($"{dataset}-model v1 — promoted", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_UnknownInstanceOverHttp_ExitsNotFound()
    {
        var result = await app.RunAsync("status", "nobody");

        Assert.Equal(ExitCodes.NotFound, result.ExitCode);
        Assert.Contains("'nobody'", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_OverHttp_FiltersByDatasetAndStatus()
    {
        var dataset = StoreFixture.NewDataset("hl");
        var completed = await app.StartAndWaitAsync(dataset);
        var failed = await app.StartAndWaitAsync(dataset, "fail-training");

        var all = (await app.RunAsync("list", "--dataset", dataset, "--json")).Json()["items"]!.AsArray();
        var onlyFailed = (await app.RunAsync("list", "--dataset", dataset, "--status", "Failed", "--json")).Json()["items"]!.AsArray();

        Assert.Equal([failed, completed], all.Select(i => i!["id"]!.GetValue<string>()));
        Assert.Equal(failed, Assert.Single(onlyFailed)!["id"]!.GetValue<string>());
        Assert.Equal("Failed", onlyFailed[0]!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Watch_OverHttpOnARunThatCompletes_ExitsZero()
    {
        var started = await app.RunAsync("start", StoreFixture.NewDataset("hw"), "--json");
        var id = started.Json()["instanceId"]!.GetValue<string>();

        var result = await app.RunAsync("watch", id, "--interval", "50ms");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains($"{id} completed in", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Watch_OverHttpOnARunThatFails_ExitsOneWithTheFailedStep()
    {
        var started = await app.RunAsync("start", StoreFixture.NewDataset("hf"), "--recipe", "fail-training", "--json");
        var id = started.Json()["instanceId"]!.GetValue<string>();

        var result = await app.RunAsync("watch", id, "--interval", "50ms", "--json");

        Assert.Equal(ExitCodes.RunFailed, result.ExitCode);
        var wait = result.Json()["steps"]!.AsArray().Single(s => s!["name"]!.GetValue<string>() == "Wait")!;
        Assert.Equal("Failed", wait["state"]!.GetValue<string>());
    }

    [Fact]
    public async Task StartWithWatch_OverHttp_ExitsWithTheRunsOutcome()
    {
        var result = await app.RunAsync("start", StoreFixture.NewDataset("hx"), "--recipe", "fail-training", "--watch", "--interval", "50ms");

        Assert.Equal(ExitCodes.RunFailed, result.ExitCode);
        Assert.Contains("failed after", result.Out, StringComparison.Ordinal);
    }
}
