using EdgeFlows.Durable.Client;
using EdgeFlows.Durable.History;
using EdgeFlows.Durable.Tests.Infrastructure;

namespace EdgeFlows.Durable.Tests.Execution;

public sealed class OrchestratorFailureTests
{
    private sealed class Step : TaskActivity<string?, string>
    {
        public override Task<string> RunAsync(TaskActivityContext context, string? input, CancellationToken cancellationToken) =>
            Task.FromResult("ok");
    }

    private sealed class ThrowsAfterAStep : TaskOrchestrator<string?, string>
    {
        public override async Task<string> RunAsync(OrchestrationContext context, string? input)
        {
            await context.CallActivityAsync<string>(nameof(Step));
            throw new FormatException("The model manifest is malformed.");
        }
    }

    [Fact]
    public async Task UnhandledException_InOrchestrator_FailsWithTypeMessageAndStack()
    {
        await using var host = await DurableTestHost.StartAsync(r => r.AddOrchestrator<ThrowsAfterAStep>().AddActivity<Step>());

        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(ThrowsAfterAStep));
        var done = await host.WaitForCompletionAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, done.Status);
        Assert.Equal(typeof(FormatException).FullName, done.Failure!.ErrorType);
        Assert.Equal("The model manifest is malformed.", done.Failure.ErrorMessage);
        Assert.Contains(nameof(ThrowsAfterAStep), done.Failure.StackTrace, StringComparison.Ordinal);
        Assert.Null(done.Output);
    }

    [Fact]
    public async Task UnhandledException_InOrchestrator_HistoryEndsWithTheFailure()
    {
        await using var host = await DurableTestHost.StartAsync(r => r.AddOrchestrator<ThrowsAfterAStep>().AddActivity<Step>());

        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(ThrowsAfterAStep));
        await host.WaitForCompletionAsync(id);
        var history = await host.Client.GetHistoryAsync(id);

        var completed = Assert.IsType<ExecutionCompleted>(history[^1]);
        Assert.Equal(OrchestrationRuntimeStatus.Failed, completed.Status);
        Assert.Equal(typeof(FormatException).FullName, completed.FailureDetails!.ErrorType);
    }
}
