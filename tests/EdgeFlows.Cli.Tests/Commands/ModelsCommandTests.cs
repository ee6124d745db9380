using EdgeFlows.Activities.Models;
using EdgeFlows.Cli.Tests.Infrastructure;

namespace EdgeFlows.Cli.Tests.Commands;

public sealed class ModelsCommandTests(StoreFixture store) : IClassFixture<StoreFixture>
{
    [Fact]
    public async Task ModelsList_Name_ShowsItsVersionsNewestFirst()
    {
        var dataset = StoreFixture.NewDataset("ml");
        await store.StartAndWaitAsync(dataset);
        await store.StartAndWaitAsync(dataset, "reject");

        var json = (await store.RunAsync("models", "list", "--name", $"{dataset}-model", "--json")).Json();

        var items = json["items"]!.AsArray();
        Assert.Equal([2, 1], items.Select(i => i!["version"]!.GetValue<int>()));
        Assert.Equal("Rejected", items[0]!["stage"]!.GetValue<string>());
        Assert.Equal("Promoted", items[1]!["stage"]!.GetValue<string>());
        Assert.Equal(dataset, items[1]!["lineage"]!["dataset"]!.GetValue<string>());
    }

    [Fact]
    public async Task ModelsList_StageAndTag_Filter()
    {
        var dataset = StoreFixture.NewDataset("mf");
        await store.StartAndWaitAsync(dataset);
        await store.StartAndWaitAsync(dataset, "reject");

        var promoted = (await store.RunAsync("models", "list", "--tag", $"dataset={dataset}", "--stage", "promoted", "--json")).Json()["items"]!.AsArray();
        var tagged = (await store.RunAsync("models", "list", "--tag", $"dataset={dataset}", "--json")).Json()["items"]!.AsArray();

        Assert.Equal(1, Assert.Single(promoted)!["version"]!.GetValue<int>());
        Assert.Equal(2, tagged.Count);
    }

    [Fact]
    public async Task ModelsList_Human_ShowsStageMetricsAndImage()
    {
        var dataset = StoreFixture.NewDataset("mh");
        await store.StartAndWaitAsync(dataset);

        var result = await store.RunAsync("models", "list", "--name", $"{dataset}-model");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Promoted", result.Out, StringComparison.Ordinal);
        Assert.Contains("accuracy 0.9737", result.Out, StringComparison.Ordinal);
        Assert.Contains($"registry.local:5000/{dataset}-model:1", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ModelsShow_Version_ShowsLineageAndImage()
    {
        var dataset = StoreFixture.NewDataset("ms");
        var id = await store.StartAndWaitAsync(dataset);

        var result = await store.RunAsync("models", "show", $"{dataset}-model", "1");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("Promoted — promoted", result.Out, StringComparison.Ordinal);
        Assert.Contains("sha256:feed", result.Out, StringComparison.Ordinal);
        Assert.Contains(id, result.Out, StringComparison.Ordinal);
        Assert.Contains($"dataset={dataset}", result.Out, StringComparison.Ordinal);
        Assert.Contains("@ sha256:aaaa", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ModelsShow_Json_ReadsAsAModelVersion()
    {
        var dataset = StoreFixture.NewDataset("mj");
        await store.StartAndWaitAsync(dataset);

        var json = (await store.RunAsync("models", "show", $"{dataset}-model", "1", "--json")).Json();

        Assert.Equal($"{dataset}-model", json["name"]!.GetValue<string>());
        Assert.Equal(0.9737, json["metrics"]!["accuracy"]!.GetValue<double>());
        Assert.Equal(nameof(ModelStage.Promoted), json["stage"]!.GetValue<string>());
        Assert.Equal("vm1", json["lineage"]!["target"]!.GetValue<string>());
    }

    [Fact]
    public async Task ModelsShow_UnknownVersion_ExitsNotFound()
    {
        var result = await store.RunAsync("models", "show", "no-such-model", "7");

        Assert.Equal(ExitCodes.NotFound, result.ExitCode);
        Assert.Contains("no version 7 of model 'no-such-model'", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ModelsShow_VersionNotANumber_ExitsUsage()
    {
        var result = await store.RunAsync("models", "show", "m", "latest");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
    }

    [Fact]
    public async Task ModelsList_UnknownStage_ExitsUsageNamingTheOption()
    {
        var result = await store.RunAsync("models", "list", "--stage", "Live");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("'--stage'", result.Error, StringComparison.Ordinal);
    }
}
