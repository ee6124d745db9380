using EdgeFlows.Cli.Tests.Infrastructure;
using EdgeFlows.Durable;

namespace EdgeFlows.Cli.Tests.Commands;

public sealed class RaiseEventCommandTests(StoreFixture store) : IClassFixture<StoreFixture>
{
    [Fact]
    public async Task RaiseEvent_RunWaitingForIt_ResumesTheRunWithTheData()
    {
        var id = await StartWaitingForApprovalAsync();

        var result = await store.RunAsync("raise-event", id, "approve", "--data", """{"approved": true, "by": "ana"}""");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains($"Sent event 'approve' to {id}.", result.Out, StringComparison.Ordinal);
        var run = await store.Host.WaitForCompletionAsync(id);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, run.Status);
    }

    [Fact]
    public async Task RaiseEvent_DataTheRunReads_ReachesTheOrchestrator()
    {
        var id = await StartWaitingForApprovalAsync();

        var result = await store.RunAsync("raise-event", id, "approve", "--data", """{"approved": false, "by": "bo"}""", "--json");

        Assert.True(result.Json()["sent"]!.GetValue<bool>());
        var run = await store.Host.WaitForCompletionAsync(id);
        Assert.Equal(OrchestrationRuntimeStatus.Failed, run.Status);
        Assert.Contains("not approved by bo", run.Failure!.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RaiseEvent_BadJson_ExitsUsageNamingTheDataOption()
    {
        var result = await store.RunAsync("raise-event", "any", "approve", "--data", "{approved: yes");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("Option '--data' is not valid JSON", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RaiseEvent_UnknownInstance_ExitsNotFound()
    {
        var result = await store.RunAsync("raise-event", "nobody", "approve");

        Assert.Equal(ExitCodes.NotFound, result.ExitCode);
        Assert.Contains("'nobody'", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RaiseEvent_FinishedRun_ExitsConflict()
    {
        var id = await store.StartAndWaitAsync(StoreFixture.NewDataset("rf"));

        var result = await store.RunAsync("raise-event", id, "approve", "--json");

        Assert.Equal(ExitCodes.Conflict, result.ExitCode);
        Assert.Equal("conflict", result.ErrorJson()["error"]!["kind"]!.GetValue<string>());
    }

    private async Task<string> StartWaitingForApprovalAsync()
    {
        var started = await store.RunAsync("start", StoreFixture.NewDataset("re"), "--recipe", "await-approval", "--json");
        var id = started.Json()["instanceId"]!.GetValue<string>();
        await store.Host.WaitForAsync(id, i => i.CustomStatus?.Contains("waiting for the", StringComparison.Ordinal) == true);
        return id;
    }
}
