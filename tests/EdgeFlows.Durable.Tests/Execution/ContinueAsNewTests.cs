using EdgeFlows.Durable.Client;
using EdgeFlows.Durable.Tests.Infrastructure;

namespace EdgeFlows.Durable.Tests.Execution;

public sealed class ContinueAsNewTests
{
    private sealed class Double : TaskActivity<int, int>
    {
        public override Task<int> RunAsync(TaskActivityContext context, int input, CancellationToken cancellationToken) =>
            Task.FromResult(input * 2);
    }

    /// <summary>Calls an activity in every execution, then restarts itself until the third.</summary>
    private sealed class Countdown : TaskOrchestrator<int, int>
    {
        public override async Task<int> RunAsync(OrchestrationContext context, int input)
        {
            var doubled = await context.CallActivityAsync<int>(nameof(Double), input);
            if (input < 3)
            {
                context.ContinueAsNew(input + 1);
                return 0;
            }

            return doubled;
        }
    }

    [Fact]
    public async Task ContinueAsNew_AfterAnActivity_NextExecutionReplaysOnlyItsOwnHistory()
    {
        await using var host = await DurableTestHost.StartAsync(r => r.AddOrchestrator<Countdown>().AddActivity<Double>());

        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(Countdown), 1);
        var done = await host.WaitForCompletionAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.Status);
        Assert.Equal(6, done.ReadOutputAs<int>());
    }
}
