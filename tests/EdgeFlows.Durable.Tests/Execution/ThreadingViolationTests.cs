using EdgeFlows.Durable.Client;
using EdgeFlows.Durable.Stores;
using EdgeFlows.Durable.Tests.Infrastructure;

namespace EdgeFlows.Durable.Tests.Execution;

/// <summary>Orchestrator code that awaits work the runtime does not own fails its instance instead of hanging.</summary>
public sealed class ThreadingViolationTests
{
    private sealed class Echo : TaskActivity<string, string>
    {
        public override Task<string> RunAsync(TaskActivityContext context, string input, CancellationToken cancellationToken) =>
            Task.FromResult(input);
    }

    private sealed class AwaitsTaskDelay : TaskOrchestrator<string?, string>
    {
        public override async Task<string> RunAsync(OrchestrationContext context, string? input)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(50));
            return "slept";
        }
    }

    private sealed class AwaitsTaskRun : TaskOrchestrator<string?, int>
    {
        // Still running when awaited, so the await really suspends. (A foreign task that has
        // already finished when awaited never suspends the code and cannot be seen, like any
        // other non-deterministic call; docs/runtime.md says so.)
        public override async Task<int> RunAsync(OrchestrationContext context, string? input) =>
            await Task.Run(() =>
            {
                Thread.Sleep(50);
                return 42;
            });
    }

    private sealed class LeavesWithConfigureAwaitFalse : TaskOrchestrator<string?, string>
    {
        public override async Task<string> RunAsync(OrchestrationContext context, string? input)
        {
            await context.CallActivityAsync<string>(nameof(Echo), "one").ConfigureAwait(false);
            return await context.CallActivityAsync<string>(nameof(Echo), "two");
        }
    }

    [Fact]
    public async Task TaskDelay_InOrchestrator_FailsWithThreadingError()
    {
        await using var host = await DurableTestHost.StartAsync(r => r.AddOrchestrator<AwaitsTaskDelay>());

        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(AwaitsTaskDelay));
        var done = await host.WaitForCompletionAsync(id);

        AssertThreadingFailure(done);
    }

    [Fact]
    public async Task TaskRun_StillRunningWhenAwaited_FailsWithThreadingError()
    {
        await using var host = await DurableTestHost.StartAsync(r => r.AddOrchestrator<AwaitsTaskRun>());

        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(AwaitsTaskRun));
        var done = await host.WaitForCompletionAsync(id);

        AssertThreadingFailure(done);
    }

    [Fact]
    public async Task ConfigureAwaitFalse_ThenCallingTheContext_FailsWithThreadingError()
    {
        await using var host = await DurableTestHost.StartAsync(r => r.AddOrchestrator<LeavesWithConfigureAwaitFalse>().AddActivity<Echo>());

        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(LeavesWithConfigureAwaitFalse));
        var done = await host.WaitForCompletionAsync(id);

        AssertThreadingFailure(done);
    }

    private static void AssertThreadingFailure(OrchestrationInstance done)
    {
        Assert.Equal(OrchestrationRuntimeStatus.Failed, done.Status);
        Assert.Equal(typeof(OrchestrationThreadingException).FullName, done.Failure!.ErrorType);
        Assert.Contains("await", done.Failure.ErrorMessage, StringComparison.Ordinal);
    }
}
