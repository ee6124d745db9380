using EdgeFlows.Durable.Client;
using EdgeFlows.Durable.Tests.Infrastructure;

namespace EdgeFlows.Durable.Tests.Execution;

public sealed class NonDeterminismTests
{
    private const string OrchestratorName = "Deploy";

    private sealed class A : TaskActivity<string?, string>
    {
        public override Task<string> RunAsync(TaskActivityContext context, string? input, CancellationToken cancellationToken) =>
            Task.FromResult("a");
    }

    private sealed class B : TaskActivity<string?, string>
    {
        public override Task<string> RunAsync(TaskActivityContext context, string? input, CancellationToken cancellationToken) =>
            Task.FromResult("b");
    }

    /// <summary>The version of "Deploy" that started the instance.</summary>
    private sealed class DeployV1 : TaskOrchestrator<string?, string>
    {
        public override async Task<string> RunAsync(OrchestrationContext context, string? input)
        {
            var first = await context.CallActivityAsync<string>(nameof(A));
            return first + await context.WaitForExternalEvent<string>("go");
        }
    }

    /// <summary>A changed "Deploy", deployed while the instance waited: it calls another activity first.</summary>
    private sealed class DeployV2 : TaskOrchestrator<string?, string>
    {
        public override async Task<string> RunAsync(OrchestrationContext context, string? input)
        {
            var first = await context.CallActivityAsync<string>(nameof(B));
            return first + await context.WaitForExternalEvent<string>("go");
        }
    }

    [Fact]
    public async Task Replay_OrchestratorChangedWhileWaiting_FailsNamingExpectedAndActualActivity()
    {
        using var database = new TestDatabase();
        string id;
        await using (var before = await DurableTestHost.StartAsync(
            r => r.AddOrchestrator<DeployV1>(OrchestratorName).AddActivity<A>().AddActivity<B>(), databasePath: database.Path))
        {
            id = await before.Client.ScheduleNewOrchestrationInstanceAsync(OrchestratorName);
            await before.WaitForHistoryAsync(id, h => h.OfType<History.TaskCompleted>().Any());
        }

        await using var after = await DurableTestHost.StartAsync(
            r => r.AddOrchestrator<DeployV2>(OrchestratorName).AddActivity<A>().AddActivity<B>(), databasePath: database.Path);
        await after.Client.RaiseEventAsync(id, "go", "!");
        var done = await after.WaitForCompletionAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, done.Status);
        Assert.Equal(typeof(NonDeterministicOrchestrationException).FullName, done.Failure!.ErrorType);
        Assert.Contains("activity 'A'", done.Failure.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains("activity 'B'", done.Failure.ErrorMessage, StringComparison.Ordinal);
        Assert.True(
            done.Failure.ErrorMessage.IndexOf("activity 'A'", StringComparison.Ordinal) < done.Failure.ErrorMessage.IndexOf("activity 'B'", StringComparison.Ordinal),
            "The message names the recorded action before the replayed one: " + done.Failure.ErrorMessage);
    }

    /// <summary>Another changed "Deploy" that no longer calls any activity before waiting.</summary>
    private sealed class DeployV3 : TaskOrchestrator<string?, string>
    {
        public override Task<string> RunAsync(OrchestrationContext context, string? input) =>
            context.WaitForExternalEvent<string>("go");
    }

    [Fact]
    public async Task Replay_OrchestratorNoLongerSchedulesARecordedActivity_FailsNamingIt()
    {
        using var database = new TestDatabase();
        string id;
        await using (var before = await DurableTestHost.StartAsync(
            r => r.AddOrchestrator<DeployV1>(OrchestratorName).AddActivity<A>(), databasePath: database.Path))
        {
            id = await before.Client.ScheduleNewOrchestrationInstanceAsync(OrchestratorName);
            await before.WaitForHistoryAsync(id, h => h.OfType<History.TaskCompleted>().Any());
        }

        await using var after = await DurableTestHost.StartAsync(
            r => r.AddOrchestrator<DeployV3>(OrchestratorName).AddActivity<A>(), databasePath: database.Path);
        await after.Client.RaiseEventAsync(id, "go", "!");
        var done = await after.WaitForCompletionAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, done.Status);
        Assert.Equal(typeof(NonDeterministicOrchestrationException).FullName, done.Failure!.ErrorType);
        Assert.Contains("activity 'A'", done.Failure.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains("did not schedule it", done.Failure.ErrorMessage, StringComparison.Ordinal);
    }
}
