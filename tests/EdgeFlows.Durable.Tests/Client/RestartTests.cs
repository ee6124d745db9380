using EdgeFlows.Durable.Client;
using EdgeFlows.Durable.Tests.Infrastructure;

namespace EdgeFlows.Durable.Tests.Client;

public sealed class RestartTests
{
    private sealed class Shout : TaskOrchestrator<string, string>
    {
        public override Task<string> RunAsync(OrchestrationContext context, string input) => Task.FromResult(input.ToUpperInvariant());
    }

    private sealed class AwaitsEvent : TaskOrchestrator<string?, string>
    {
        public override Task<string> RunAsync(OrchestrationContext context, string? input) =>
            context.WaitForExternalEvent<string>("go");
    }

    [Fact]
    public async Task RestartInstanceAsync_SameIdAfterCompletion_RunsAgainWithTheOriginalInput()
    {
        await using var host = await DurableTestHost.StartAsync(r => r.AddOrchestrator<Shout>());
        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(Shout), "again");
        var first = await host.WaitForCompletionAsync(id);

        var restartedId = await host.Client.RestartInstanceAsync(id, restartWithNewInstanceId: false);
        var second = await host.WaitForAsync(id, i => i.ExecutionId != first.ExecutionId && i.Status == OrchestrationRuntimeStatus.Completed);

        Assert.Equal(id, restartedId);
        Assert.Equal("again", second.ReadInputAs<string>());
        Assert.Equal("AGAIN", second.ReadOutputAs<string>());
    }

    [Fact]
    public async Task RestartInstanceAsync_NewId_StartsACopyAndKeepsTheOriginal()
    {
        await using var host = await DurableTestHost.StartAsync(r => r.AddOrchestrator<Shout>());
        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(Shout), "copy");
        await host.WaitForCompletionAsync(id);

        var copyId = await host.Client.RestartInstanceAsync(id, restartWithNewInstanceId: true);
        var copy = await host.WaitForCompletionAsync(copyId);

        Assert.NotEqual(id, copyId);
        Assert.Equal("COPY", copy.ReadOutputAs<string>());
        Assert.Equal(OrchestrationRuntimeStatus.Completed, (await host.Client.GetInstanceAsync(id))!.Status);
    }

    [Fact]
    public async Task RestartInstanceAsync_SameIdWhileRunning_ThrowsAlreadyExists()
    {
        await using var host = await DurableTestHost.StartAsync(r => r.AddOrchestrator<AwaitsEvent>());
        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(AwaitsEvent));
        await host.WaitForAsync(id, i => i.Status == OrchestrationRuntimeStatus.Running);

        await Assert.ThrowsAsync<OrchestrationAlreadyExistsException>(() => host.Client.RestartInstanceAsync(id, restartWithNewInstanceId: false));
    }

    [Fact]
    public async Task RestartInstanceAsync_UnknownId_ThrowsNotFound()
    {
        await using var host = await DurableTestHost.StartAsync(r => r.AddOrchestrator<Shout>());

        await Assert.ThrowsAsync<OrchestrationNotFoundException>(() => host.Client.RestartInstanceAsync("missing", restartWithNewInstanceId: true));
    }
}
