using EdgeFlows.Durable.Client;
using EdgeFlows.Durable.History;
using EdgeFlows.Durable.Tests.Infrastructure;

namespace EdgeFlows.Durable.Tests.Execution;

/// <summary>
/// Continue-as-new from a turn that consumed an activity result: the new execution must not
/// inherit the ending turn's events (it once did, and replaying them failed the instance).
/// </summary>
public sealed class ContinueAsNewAfterActivityTests
{
    private sealed class Echo : TaskActivity<int, int>
    {
        public override Task<int> RunAsync(TaskActivityContext context, int input, CancellationToken cancellationToken) => Task.FromResult(input);
    }

    private sealed class CountToThree : TaskOrchestrator<int, int>
    {
        public override async Task<int> RunAsync(OrchestrationContext context, int input)
        {
            var value = await context.CallActivityAsync<int>(nameof(Echo), input);
            if (value < 3)
            {
                context.ContinueAsNew(value + 1);
                return 0;
            }

            return value;
        }
    }

    [Fact]
    public async Task ContinueAsNew_AfterAnActivity_CompletesTheLastExecution()
    {
        await using var host = await DurableTestHost.StartAsync(r => r.AddOrchestrator<CountToThree>().AddActivity<Echo>());

        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(CountToThree), 0);
        var done = await host.WaitForCompletionAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.Status);
        Assert.Equal(3, done.ReadOutputAs<int>());
    }

    [Fact]
    public async Task ContinueAsNew_AfterAnActivity_LeavesOnlyTheLastExecutionsHistory()
    {
        await using var host = await DurableTestHost.StartAsync(r => r.AddOrchestrator<CountToThree>().AddActivity<Echo>());

        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(CountToThree), 0);
        await host.WaitForCompletionAsync(id);
        var history = await host.Client.GetHistoryAsync(id);

        Assert.Equal(
            [nameof(OrchestratorStarted), nameof(ExecutionStarted), nameof(TaskScheduled), nameof(OrchestratorStarted), nameof(TaskCompleted), nameof(ExecutionCompleted)],
            history.Select(e => e.EventType));
        Assert.Equal("3", history.OfType<ExecutionStarted>().Single().Input);
    }
}
