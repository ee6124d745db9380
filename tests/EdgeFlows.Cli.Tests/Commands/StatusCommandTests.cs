using EdgeFlows.Cli.Tests.Infrastructure;

namespace EdgeFlows.Cli.Tests.Commands;

public sealed class StatusCommandTests(StoreFixture store) : IClassFixture<StoreFixture>
{
    [Fact]
    public async Task Status_CompletedRun_ShowsStepsAndResult()
    {
        var dataset = StoreFixture.NewDataset("st");
        var id = await store.StartAndWaitAsync(dataset);

        var result = await store.RunAsync("status", id);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("Completed", result.Out, StringComparison.Ordinal);
        foreach (var step in new[] { "PlanRetrain", "CheckCompute", "StartTraining", "Wait", "RegisterModel", "BuildAndPushImage", "Notify" })
        {
            Assert.Contains(step, result.Out, StringComparison.Ordinal);
        }

        Assert.Contains($"{dataset}-model v1 — promoted", result.Out, StringComparison.Ordinal);
        Assert.Contains($"registry.local:5000/{dataset}-model:1 @ sha256:aaaa", result.Out, StringComparison.Ordinal);
        Assert.Contains("accuracy 0.9737", result.Out, StringComparison.Ordinal);
        Assert.Contains("ops delivered (HTTP 204, 1 attempt)", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_Json_HasDurableFunctionsStatusFields()
    {
        var dataset = StoreFixture.NewDataset("sj");
        var id = await store.StartAndWaitAsync(dataset);

        var json = (await store.RunAsync("status", id, "--json")).Json();

        Assert.Equal(id, json["instanceId"]!.GetValue<string>());
        Assert.Equal("Retrain", json["name"]!.GetValue<string>());
        Assert.Equal("Completed", json["runtimeStatus"]!.GetValue<string>());
        Assert.Equal(dataset, json["input"]!["dataset"]!.GetValue<string>());
        Assert.Equal($"{dataset}-model", json["output"]!["modelName"]!.GetValue<string>());
        Assert.Equal("Completed", json["customStatus"]!["step"]!.GetValue<string>());
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", json["createdTime"]!.GetValue<string>());
        Assert.Null(json["historyEvents"]);
    }

    [Fact]
    public async Task Status_JsonWithHistory_HasHistoryEventsWithCallsFolded()
    {
        var id = await store.StartAndWaitAsync(StoreFixture.NewDataset("sh"));

        var json = (await store.RunAsync("status", id, "--history", "--json")).Json();

        var events = json["historyEvents"]!.AsArray();
        Assert.Equal("ExecutionStarted", events[0]!["EventType"]!.GetValue<string>());
        var plan = events.Single(e => e!["FunctionName"]?.GetValue<string>() == "PlanRetrain")!;
        Assert.Equal("TaskCompleted", plan["EventType"]!.GetValue<string>());
        Assert.NotNull(plan["ScheduledTime"]);
        Assert.Contains(events, e => e!["EventType"]!.GetValue<string>() == "TimerFired");
        Assert.DoesNotContain(events, e => e!["EventType"]!.GetValue<string>() is "TaskScheduled" or "OrchestratorStarted");
        Assert.Equal("Completed", events[^1]!["OrchestrationStatus"]!.GetValue<string>());
    }

    [Fact]
    public async Task Status_History_ShowsEveryEventForPeople()
    {
        var id = await store.StartAndWaitAsync(StoreFixture.NewDataset("sp"));

        var result = await store.RunAsync("status", id, "--history");

        Assert.Contains("ExecutionStarted", result.Out, StringComparison.Ordinal);
        Assert.Contains("TimerFired", result.Out, StringComparison.Ordinal);
        Assert.Contains("ExecutionCompleted", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_FailedRun_ShowsTheReasonAndExitsZero()
    {
        var id = await store.StartAndWaitAsync(StoreFixture.NewDataset("sf"), "fail-training");

        var result = await store.RunAsync("status", id);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Failed", result.Out, StringComparison.Ordinal);
        Assert.Contains("training failed with exit code 3: boom", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_UnknownInstance_ExitsNotFoundWithAMessage()
    {
        var result = await store.RunAsync("status", "no-such-run");

        Assert.Equal(ExitCodes.NotFound, result.ExitCode);
        Assert.Contains("'no-such-run'", result.Error, StringComparison.Ordinal);
        Assert.Equal(string.Empty, result.Out);
    }

    [Fact]
    public async Task Status_UnknownInstanceWithJson_WritesAJsonErrorOnStderr()
    {
        var result = await store.RunAsync("status", "no-such-run", "--json");

        Assert.Equal(ExitCodes.NotFound, result.ExitCode);
        var error = result.ErrorJson()["error"]!;
        Assert.Equal(3, error["exitCode"]!.GetValue<int>());
        Assert.Equal("not-found", error["kind"]!.GetValue<string>());
        Assert.Equal(string.Empty, result.Out);
    }
}
