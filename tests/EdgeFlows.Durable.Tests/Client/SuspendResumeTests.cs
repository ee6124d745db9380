using EdgeFlows.Durable.Client;
using EdgeFlows.Durable.History;
using EdgeFlows.Durable.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace EdgeFlows.Durable.Tests.Client;

public sealed class SuspendResumeTests
{
    private sealed class Held(Gate gate) : TaskActivity<string?, string>
    {
        public override async Task<string> RunAsync(TaskActivityContext context, string? input, CancellationToken cancellationToken)
        {
            await gate.PassAsync(cancellationToken);
            return "result";
        }
    }

    private sealed class CallsHeld : TaskOrchestrator<string?, string>
    {
        public override Task<string> RunAsync(OrchestrationContext context, string? input) =>
            context.CallActivityAsync<string>(nameof(Held));
    }

    private sealed class AwaitsEvent : TaskOrchestrator<string?, string>
    {
        public override Task<string> RunAsync(OrchestrationContext context, string? input) =>
            context.WaitForExternalEvent<string>("go");
    }

    [Theory]
    [InlineData(1000)]
    [InlineData(0)]
    public async Task SuspendInstanceAsync_ActivityResultArrives_IsHeldUntilResume(int cacheSize)
    {
        var gate = new Gate();
        await using var host = await DurableTestHost.StartAsync(
            r => r.AddOrchestrator<CallsHeld>().AddActivity<Held>(), o => o.OrchestrationCacheSize = cacheSize, s => s.AddSingleton(gate));

        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(CallsHeld));
        await gate.WaitUntilEnteredAsync();
        await host.Client.SuspendInstanceAsync(id, "maintenance");
        await host.WaitForAsync(id, i => i.Status == OrchestrationRuntimeStatus.Suspended);
        gate.Open();
        await host.WaitForHistoryAsync(id, h => h.OfType<TaskCompleted>().Any());
        var whileSuspended = await host.Client.GetInstanceAsync(id);
        await host.Client.ResumeInstanceAsync(id, "done");
        var done = await host.WaitForCompletionAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Suspended, whileSuspended!.Status);
        Assert.Null(whileSuspended.Output);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.Status);
        Assert.Equal("result", done.ReadOutputAs<string>());
    }

    [Fact]
    public async Task SuspendInstanceAsync_EventArrives_IsHeldUntilResume()
    {
        await using var host = await DurableTestHost.StartAsync(r => r.AddOrchestrator<AwaitsEvent>());

        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(AwaitsEvent));
        await host.WaitForAsync(id, i => i.Status == OrchestrationRuntimeStatus.Running);
        await host.Client.SuspendInstanceAsync(id);
        await host.WaitForAsync(id, i => i.Status == OrchestrationRuntimeStatus.Suspended);
        await host.Client.RaiseEventAsync(id, "go", "payload");
        await host.WaitForHistoryAsync(id, h => h.OfType<EventRaised>().Any());
        var whileSuspended = await host.Client.GetInstanceAsync(id);
        await host.Client.ResumeInstanceAsync(id);
        var done = await host.WaitForCompletionAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Suspended, whileSuspended!.Status);
        Assert.Equal("payload", done.ReadOutputAs<string>());
    }

    [Fact]
    public async Task ResumeInstanceAsync_Suspended_ReturnsToRunning()
    {
        await using var host = await DurableTestHost.StartAsync(r => r.AddOrchestrator<AwaitsEvent>());

        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(AwaitsEvent));
        await host.WaitForAsync(id, i => i.Status == OrchestrationRuntimeStatus.Running);
        await host.Client.SuspendInstanceAsync(id);
        await host.WaitForAsync(id, i => i.Status == OrchestrationRuntimeStatus.Suspended);
        await host.Client.ResumeInstanceAsync(id);
        var resumed = await host.WaitForHistoryAsync(id, h => h.OfType<ExecutionResumed>().Any());
        var instance = await host.Client.GetInstanceAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Running, instance!.Status);
        Assert.Single(resumed.OfType<ExecutionSuspended>());
    }

    [Fact]
    public async Task TerminateInstanceAsync_Suspended_EndsTerminated()
    {
        await using var host = await DurableTestHost.StartAsync(r => r.AddOrchestrator<AwaitsEvent>());

        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(AwaitsEvent));
        await host.WaitForAsync(id, i => i.Status == OrchestrationRuntimeStatus.Running);
        await host.Client.SuspendInstanceAsync(id);
        await host.WaitForAsync(id, i => i.Status == OrchestrationRuntimeStatus.Suspended);
        await host.Client.TerminateInstanceAsync(id, "Abandoned while paused.");
        var done = await host.WaitForCompletionAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Terminated, done.Status);
        Assert.Equal("Abandoned while paused.", done.ReadOutputAs<string>());
    }
}
