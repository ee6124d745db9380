using EdgeFlows.Durable.Client;
using EdgeFlows.Durable.Tests.Infrastructure;

namespace EdgeFlows.Durable.Tests.Execution;

/// <summary>Sub-orchestrations of a parent that continues as new.</summary>
public sealed class SubOrchestrationContinueAsNewTests
{
    private sealed class Triple : TaskOrchestrator<int, int>
    {
        public override Task<int> RunAsync(OrchestrationContext context, int input) => Task.FromResult(input * 3);
    }

    public sealed record RoundState(int Number, int Sum);

    // Calls the same child, under its default id, once per execution.
    private sealed class EternalParent : TaskOrchestrator<RoundState, int>
    {
        public override async Task<int> RunAsync(OrchestrationContext context, RoundState input)
        {
            var sum = input.Sum + await context.CallSubOrchestratorAsync<int>(nameof(Triple), input.Number);
            if (input.Number < 3)
            {
                context.ContinueAsNew(new RoundState(input.Number + 1, sum));
            }

            return sum;
        }
    }

    [Fact]
    public async Task CallSubOrchestratorAsync_DefaultIdAfterContinueAsNew_ReplacesTheFinishedChild()
    {
        await using var host = await DurableTestHost.StartAsync(r => r.AddOrchestrator<EternalParent>().AddOrchestrator<Triple>());

        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(EternalParent), new RoundState(1, 0));
        var done = await host.WaitForCompletionAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.Status);
        Assert.Equal(3 + 6 + 9, done.ReadOutputAs<int>());
    }

    private sealed class WaitsForGo : TaskOrchestrator<string?, string>
    {
        public override Task<string> RunAsync(OrchestrationContext context, string? input) =>
            context.WaitForExternalEvent<string>("go");
    }

    // Execution 1 gives up on its child after a short timer and continues as new; execution 2
    // waits for an event. The child finishing later must not reach execution 2.
    private sealed class ImpatientParent : TaskOrchestrator<int, string>
    {
        public override async Task<string> RunAsync(OrchestrationContext context, int input)
        {
            if (input == 1)
            {
                using var cancel = new CancellationTokenSource();
                var child = context.CallSubOrchestratorAsync<string>(nameof(WaitsForGo));
                await Task.WhenAny(child, context.CreateTimer(TimeSpan.FromMilliseconds(100), cancel.Token));
                context.ContinueAsNew(2);
                return "continued";
            }

            return await context.WaitForExternalEvent<string>("finish");
        }
    }

    [Fact]
    public async Task SubOrchestration_FinishingAfterParentContinuedAsNew_ResultDoesNotReachTheNewExecution()
    {
        await using var host = await DurableTestHost.StartAsync(r => r.AddOrchestrator<ImpatientParent>().AddOrchestrator<WaitsForGo>());
        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(ImpatientParent), 1);
        await host.WaitForAsync(id, i => i.Status == OrchestrationRuntimeStatus.Running && i.ReadInputAs<int>() == 2);

        await host.Client.RaiseEventAsync($"{id}:0", "go", "late");
        var child = await host.WaitForCompletionAsync($"{id}:0");
        await host.Client.RaiseEventAsync(id, "finish", "finished");
        var done = await host.WaitForCompletionAsync(id);

        Assert.Equal("late", child.ReadOutputAs<string>());
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.Status);
        Assert.Equal("finished", done.ReadOutputAs<string>());
    }
}
