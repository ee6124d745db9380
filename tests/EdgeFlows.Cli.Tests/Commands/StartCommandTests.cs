using EdgeFlows.Cli.Tests.Infrastructure;
using EdgeFlows.Durable;

namespace EdgeFlows.Cli.Tests.Commands;

public sealed class StartCommandTests(StoreFixture store) : IClassFixture<StoreFixture>
{
    [Fact]
    public async Task Start_Dataset_PrintsInstanceIdAndTheAppRunsIt()
    {
        var dataset = StoreFixture.NewDataset("start");

        var result = await store.RunAsync("start", dataset, "--reason", "new labels");

        Assert.True(result.ExitCode == 0, result.ToString());
        var id = result.Out.Split([' ', '\n']).Distinct().Single(w => w.StartsWith($"retrain:{dataset}:", StringComparison.Ordinal));
        var run = await store.Host.WaitForCompletionAsync(id);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, run.Status);
        Assert.Contains("\"reason\":\"new labels\"", run.Input, StringComparison.Ordinal);
        Assert.Contains("\"trigger\":\"http\"", run.Input, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_Json_PrintsOneDocumentWithTheInstanceId()
    {
        var dataset = StoreFixture.NewDataset("json");

        var result = await store.RunAsync("start", dataset, "--json");

        Assert.Equal(0, result.ExitCode);
        var json = result.Json();
        Assert.Equal(dataset, json["dataset"]!.GetValue<string>());
        Assert.StartsWith($"retrain:{dataset}:", json["instanceId"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(string.Empty, result.Error);
    }

    [Fact]
    public async Task Start_SameRequestIdTwice_GivesTheSameRun()
    {
        var dataset = StoreFixture.NewDataset("idem");

        var first = await store.RunAsync("start", dataset, "--request-id", "ticket-42", "--json");
        var second = await store.RunAsync("start", dataset, "--request-id", "ticket-42", "--json");

        Assert.Equal(0, second.ExitCode);
        Assert.Equal(first.Json()["instanceId"]!.GetValue<string>(), second.Json()["instanceId"]!.GetValue<string>());
    }

    [Fact]
    public async Task Start_RecipeAndTarget_AreInTheRunsInput()
    {
        var dataset = StoreFixture.NewDataset("recipe");

        var result = await store.RunAsync("start", dataset, "--recipe", "reject", "--target", "vm1", "--json");

        var run = await store.Host.WaitForCompletionAsync(result.Json()["instanceId"]!.GetValue<string>());
        Assert.Contains("\"recipe\":\"reject\"", run.Input, StringComparison.Ordinal);
        Assert.Contains("\"target\":\"vm1\"", run.Input, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_InvalidDataset_ExitsUsageNamingTheDataset()
    {
        var result = await store.RunAsync("start", "bad/name");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("dataset 'bad/name' is not valid", result.Error, StringComparison.Ordinal);
        Assert.Equal(string.Empty, result.Out);
    }

    [Fact]
    public async Task Start_InvalidRecipe_ExitsUsageNamingTheOption()
    {
        var result = await store.RunAsync("start", "ok", "--recipe", "no spaces allowed");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("'--recipe'", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_RequestIdWithSpaces_ExitsUsageNamingTheOption()
    {
        var result = await store.RunAsync("start", "ok", "--request-id", "a b", "--json");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("'--request-id'", result.ErrorJson()["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_WithWatch_FollowsTheRunAndExitsZero()
    {
        var dataset = StoreFixture.NewDataset("sw");

        var result = await store.RunAsync("start", dataset, "--watch", "--interval", "50ms");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("completed in", result.Out, StringComparison.Ordinal);
    }
}
