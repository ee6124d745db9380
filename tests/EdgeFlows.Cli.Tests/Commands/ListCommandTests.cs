using EdgeFlows.Cli.Tests.Infrastructure;

namespace EdgeFlows.Cli.Tests.Commands;

public sealed class ListCommandTests(StoreFixture store) : IClassFixture<StoreFixture>
{
    [Fact]
    public async Task List_Dataset_ShowsOnlyThatDatasetsRunsNewestFirst()
    {
        var dataset = StoreFixture.NewDataset("ls");
        var first = await store.StartAndWaitAsync(dataset);
        var second = await store.StartAndWaitAsync(dataset, "reject");
        await store.StartAndWaitAsync(StoreFixture.NewDataset("other"));

        var json = (await store.RunAsync("list", "--dataset", dataset, "--json")).Json();

        var ids = json["items"]!.AsArray().Select(i => i!["id"]!.GetValue<string>()).ToList();
        Assert.Equal([second, first], ids);
        Assert.Null(json["continuationToken"]);
    }

    [Fact]
    public async Task List_Status_FiltersByRuntimeStatus()
    {
        var dataset = StoreFixture.NewDataset("lf");
        var completed = await store.StartAndWaitAsync(dataset);
        var failed = await store.StartAndWaitAsync(dataset, "fail-training");

        var json = (await store.RunAsync("list", "--dataset", dataset, "--status", "failed,Terminated", "--json")).Json();

        var item = Assert.Single(json["items"]!.AsArray())!;
        Assert.Equal(failed, item["id"]!.GetValue<string>());
        Assert.Equal("Failed", item["status"]!.GetValue<string>());
        Assert.Contains("boom", item["error"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.NotEqual(completed, failed);
    }

    [Fact]
    public async Task List_Human_ShowsATableWithDatasetStatusAndOutcome()
    {
        var dataset = StoreFixture.NewDataset("lh");
        var id = await store.StartAndWaitAsync(dataset);

        var result = await store.RunAsync("list", "--dataset", dataset);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains(id, result.Out, StringComparison.Ordinal);
        Assert.Contains("Completed", result.Out, StringComparison.Ordinal);
        Assert.True(result.Out.Contains($"{dataset}-model v1 promoted", StringComparison.Ordinal), result.ToString());
        Assert.Contains("1 run.", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_Top_ShowsThatManyAndSaysMoreMatch()
    {
        var dataset = StoreFixture.NewDataset("lt");
        for (var i = 0; i < 3; i++)
        {
            await store.StartAndWaitAsync(dataset);
        }

        var top = await store.RunAsync("list", "--dataset", dataset, "--top", "2");
        var all = (await store.RunAsync("list", "--dataset", dataset, "--top", "1", "--all", "--json")).Json();

        Assert.Contains("2 runs shown; more match", top.Out, StringComparison.Ordinal);
        Assert.Equal(3, all["items"]!.AsArray().Count);
    }

    [Fact]
    public async Task List_ContinuationToken_GoesOnWhereThePreviousPageStopped()
    {
        var dataset = StoreFixture.NewDataset("lc");
        var runs = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            runs.Add(await store.StartAndWaitAsync(dataset));
        }

        var first = (await store.RunAsync("list", "--dataset", dataset, "--top", "2", "--json")).Json();
        var token = first["continuationToken"]!.GetValue<string>();
        var rest = (await store.RunAsync("list", "--dataset", dataset, "--continuation-token", token, "--json")).Json();

        var seen = first["items"]!.AsArray().Concat(rest["items"]!.AsArray()).Select(i => i!["id"]!.GetValue<string>()).ToList();
        Assert.Equal(Enumerable.Reverse(runs), seen);
    }

    [Fact]
    public async Task List_UnknownStatus_ExitsUsageNamingTheOption()
    {
        var result = await store.RunAsync("list", "--status", "Done");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("'--status' has an unknown status 'Done'", result.Error, StringComparison.Ordinal);
    }
}
