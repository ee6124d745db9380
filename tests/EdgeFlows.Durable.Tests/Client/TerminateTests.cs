using EdgeFlows.Durable.Client;
using EdgeFlows.Durable.History;
using EdgeFlows.Durable.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace EdgeFlows.Durable.Tests.Client;

public sealed class TerminateTests
{
    private sealed class Held(Gate gate) : TaskActivity<string?, string>
    {
        public override async Task<string> RunAsync(TaskActivityContext context, string? input, CancellationToken cancellationToken)
        {
            await gate.PassAsync(cancellationToken);
            return "finished late";
        }
    }

    private sealed class CallsHeld : TaskOrchestrator<string?, string>
    {
        public override Task<string> RunAsync(OrchestrationContext context, string? input) =>
            context.CallActivityAsync<string>(nameof(Held));
    }

    [Fact]
    public async Task TerminateInstanceAsync_ActivityStillRunning_EndsTerminatedWithTheReasonAsOutput()
    {
        var gate = new Gate();
        await using var host = await DurableTestHost.StartAsync(
            r => r.AddOrchestrator<CallsHeld>().AddActivity<Held>(), services: s => s.AddSingleton(gate));

        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(CallsHeld));
        await gate.WaitUntilEnteredAsync();
        await host.Client.TerminateInstanceAsync(id, "Stopped by the operator.");
        var done = await host.WaitForCompletionAsync(id);
        gate.Open();

        Assert.Equal(OrchestrationRuntimeStatus.Terminated, done.Status);
        Assert.Equal("Stopped by the operator.", done.ReadOutputAs<string>());
        Assert.Single((await host.Client.GetHistoryAsync(id)).OfType<ExecutionTerminated>());
    }

    private sealed class AwaitsEvent : TaskOrchestrator<string?, string>
    {
        public override Task<string> RunAsync(OrchestrationContext context, string? input) =>
            context.WaitForExternalEvent<string>("never");
    }

    [Fact]
    public async Task TerminateInstanceAsync_Finished_RefusesWithInvalidOperation()
    {
        await using var host = await DurableTestHost.StartAsync(r => r.AddOrchestrator<AwaitsEvent>());

        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(AwaitsEvent));
        await host.Client.TerminateInstanceAsync(id, "first");
        await host.WaitForCompletionAsync(id);

        await Assert.ThrowsAsync<InvalidOperationException>(() => host.Client.TerminateInstanceAsync(id, "second"));
        Assert.Equal("first", (await host.Client.GetInstanceAsync(id))!.ReadOutputAs<string>());
    }

    [Fact]
    public async Task TerminateInstanceAsync_ScheduledStartNotReached_EndsTerminatedWithoutRunning()
    {
        await using var host = await DurableTestHost.StartAsync(r => r.AddOrchestrator<AwaitsEvent>());

        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync(
            nameof(AwaitsEvent), options: new StartOrchestrationOptions(StartAt: DateTime.UtcNow.AddMinutes(10)));
        await host.Client.TerminateInstanceAsync(id, "Not needed any more.");
        var done = await host.WaitForCompletionAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Terminated, done.Status);
        Assert.Equal("Not needed any more.", done.ReadOutputAs<string>());
        Assert.Empty((await host.Client.GetHistoryAsync(id)).OfType<ExecutionStarted>());
    }
}
