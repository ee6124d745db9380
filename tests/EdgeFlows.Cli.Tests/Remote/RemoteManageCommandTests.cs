using EdgeFlows.Cli.Tests.Infrastructure;
using EdgeFlows.Durable;

namespace EdgeFlows.Cli.Tests.Remote;

/// <summary>raise-event, terminate, purge and models against the running app over HTTP.</summary>
public sealed class RemoteManageCommandTests(AppFixture app) : IClassFixture<AppFixture>
{
    [Fact]
    public async Task RaiseEvent_OverHttp_ResumesTheWaitingRunWithTheData()
    {
        var started = await app.RunAsync("start", StoreFixture.NewDataset("he"), "--recipe", "await-approval", "--json");
        var id = started.Json()["instanceId"]!.GetValue<string>();
        await WaitForAsync(id, i => i.CustomStatus?.Contains("waiting for the", StringComparison.Ordinal) == true);

        var result = await app.RunAsync("raise-event", id, "approve", "--data", """{"approved": false, "by": "cy"}""");

        Assert.True(result.ExitCode == 0, result.ToString());
        var run = await WaitForAsync(id, i => i.Status.IsTerminal());
        Assert.Contains("not approved by cy", run.Failure!.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RaiseEvent_OverHttpToAFinishedRun_ExitsConflict()
    {
        var id = await app.StartAndWaitAsync(StoreFixture.NewDataset("hg"));

        var result = await app.RunAsync("raise-event", id, "approve", "--data", "true");

        Assert.Equal(ExitCodes.Conflict, result.ExitCode);
    }

    [Fact]
    public async Task RaiseEvent_OverHttpToNobody_ExitsNotFound()
    {
        var result = await app.RunAsync("raise-event", "nobody", "approve");

        Assert.Equal(ExitCodes.NotFound, result.ExitCode);
    }

    [Fact]
    public async Task Terminate_OverHttp_TerminatesTheRunWithTheReason()
    {
        var id = await app.App.Client.ScheduleNewOrchestrationInstanceAsync(nameof(WaitForever));
        await WaitForAsync(id, i => i.Status == OrchestrationRuntimeStatus.Running);

        var result = await app.RunAsync("terminate", id, "--reason", "stale data & more");

        Assert.True(result.ExitCode == 0, result.ToString());
        var run = await WaitForAsync(id, i => i.Status.IsTerminal());
        Assert.Equal(OrchestrationRuntimeStatus.Terminated, run.Status);
        var history = await app.App.Client.GetHistoryAsync(id);
        Assert.Contains(history, e => e is Durable.History.ExecutionTerminated { Reason: "stale data & more" });
    }

    [Fact]
    public async Task Terminate_OverHttpAFinishedRun_ExitsConflict()
    {
        var id = await app.StartAndWaitAsync(StoreFixture.NewDataset("ht"));

        var result = await app.RunAsync("terminate", id);

        Assert.Equal(ExitCodes.Conflict, result.ExitCode);
    }

    [Fact]
    public async Task Purge_OverHttp_DeletesAFinishedRunAndRefusesARunningOne()
    {
        var finished = await app.StartAndWaitAsync(StoreFixture.NewDataset("hp"));
        var running = await app.App.Client.ScheduleNewOrchestrationInstanceAsync(nameof(WaitForever));

        var purged = await app.RunAsync("purge", finished, "--json");
        var refused = await app.RunAsync("purge", running);
        var gone = await app.RunAsync("purge", finished);

        Assert.Equal(1, purged.Json()["instancesDeleted"]!.GetValue<int>());
        Assert.Equal(ExitCodes.Conflict, refused.ExitCode);
        Assert.Equal(ExitCodes.NotFound, gone.ExitCode);
        Assert.Null(await app.App.Client.GetInstanceAsync(finished));
    }

    [Fact]
    public async Task PurgeBulk_OverHttp_DeletesTheFinishedRunsInTheRange()
    {
        var from = DateTimeOffset.UtcNow.AddSeconds(-1);
        var failed = await app.StartAndWaitAsync(StoreFixture.NewDataset("hb"), "fail-training");
        var completed = await app.StartAndWaitAsync(StoreFixture.NewDataset("hb"));

        var result = await app.RunAsync("purge", "--created-after", from.ToString("o"), "--status", "Failed", "--json");
        var none = await app.RunAsync("purge", "--created-after", "2000-01-01", "--created-before", "2000-01-02", "--json");

        Assert.True(result.Json()["instancesDeleted"]!.GetValue<int>() >= 1, result.ToString());
        Assert.Null(await app.App.Client.GetInstanceAsync(failed));
        Assert.NotNull(await app.App.Client.GetInstanceAsync(completed));
        Assert.Equal(0, none.Json()["instancesDeleted"]!.GetValue<int>());
    }

    [Fact]
    public async Task Models_OverHttp_AreTheSameDocumentsAsFromTheStore()
    {
        var dataset = StoreFixture.NewDataset("hm");
        await app.StartAndWaitAsync(dataset);
        await app.StartAndWaitAsync(dataset, "reject");

        var listOverHttp = await app.RunAsync("models", "list", "--tag", $"dataset={dataset}", "--json");
        var listOnStore = await app.RunOnStoreAsync("models", "list", "--tag", $"dataset={dataset}", "--json");
        var showOverHttp = await app.RunAsync("models", "show", $"{dataset}-model", "1", "--json");
        var showOnStore = await app.RunOnStoreAsync("models", "show", $"{dataset}-model", "1", "--json");

        Assert.True(listOverHttp.ExitCode == 0, listOverHttp.ToString());
        Assert.Equal(2, listOverHttp.Json()["items"]!.AsArray().Count);
        Assert.Equal(listOnStore.Out, listOverHttp.Out);
        Assert.Equal(showOnStore.Out, showOverHttp.Out);
    }

    [Fact]
    public async Task ModelsList_OverHttpByStage_FiltersAndShowsAPeopleTable()
    {
        var dataset = StoreFixture.NewDataset("hn");
        await app.StartAndWaitAsync(dataset);
        await app.StartAndWaitAsync(dataset, "reject");

        var result = await app.RunAsync("models", "list", "--name", $"{dataset}-model", "--stage", "Rejected");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("Rejected", result.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("Promoted", result.Out, StringComparison.Ordinal);
        Assert.Contains("1 version.", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ModelsShow_OverHttpUnknownVersion_ExitsNotFound()
    {
        var result = await app.RunAsync("models", "show", "nothing-model", "3");

        Assert.Equal(ExitCodes.NotFound, result.ExitCode);
    }

    private async Task<Durable.Stores.OrchestrationInstance> WaitForAsync(string id, Func<Durable.Stores.OrchestrationInstance, bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var instance = await app.App.Client.GetInstanceAsync(id);
            if (instance is not null && condition(instance))
            {
                return instance;
            }

            Assert.True(DateTime.UtcNow < deadline, $"{id} did not reach the expected state; it is {instance?.Status}.");
            await Task.Delay(20);
        }
    }
}
