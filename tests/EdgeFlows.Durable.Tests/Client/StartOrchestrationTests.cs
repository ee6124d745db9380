using EdgeFlows.Durable.Client;
using EdgeFlows.Durable.History;
using EdgeFlows.Durable.Stores;
using EdgeFlows.Durable.Tests.Infrastructure;

namespace EdgeFlows.Durable.Tests.Client;

public sealed class StartOrchestrationTests
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

    private static Task<DurableTestHost> StartAsync() => DurableTestHost.StartAsync(r => r.AddOrchestrator<Shout>().AddOrchestrator<AwaitsEvent>());

    [Fact]
    public async Task Schedule_ExistingId_ThrowsAlreadyExists()
    {
        await using var host = await StartAsync();
        await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(Shout), "a", new StartOrchestrationOptions("dup"));
        await host.WaitForCompletionAsync("dup");

        var error = await Assert.ThrowsAsync<OrchestrationAlreadyExistsException>(
            () => host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(Shout), "b", new StartOrchestrationOptions("dup")));

        Assert.Equal("dup", error.InstanceId);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, error.Status);
    }

    [Fact]
    public async Task Schedule_SkipIfExists_LeavesTheExistingInstanceAlone()
    {
        await using var host = await StartAsync();
        await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(Shout), "original", new StartOrchestrationOptions("skip"));
        var first = await host.WaitForCompletionAsync("skip");

        await host.Client.ScheduleNewOrchestrationInstanceAsync(
            nameof(Shout), "ignored", new StartOrchestrationOptions("skip", ReusePolicy: OrchestrationIdReusePolicy.SkipIfExists));
        var after = await host.Client.GetInstanceAsync("skip");

        Assert.Equal(first.ExecutionId, after!.ExecutionId);
        Assert.Equal("original", after.ReadInputAs<string>());
        Assert.Equal("ORIGINAL", after.ReadOutputAs<string>());
    }

    [Fact]
    public async Task TrySchedule_ManyCallersOneId_ExactlyOneCreatesIt()
    {
        await using var host = await StartAsync();

        var created = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(
            () => host.Client.TryScheduleNewOrchestrationInstanceAsync(nameof(Shout), "once", $"caller {i}"))));
        var done = await host.WaitForCompletionAsync("once");

        Assert.Single(created, c => c);
        Assert.Equal($"CALLER {Array.IndexOf(created, true)}", done.ReadOutputAs<string>());
    }

    [Fact]
    public async Task TrySchedule_IdExists_ReturnsFalseAndLeavesItAlone()
    {
        await using var host = await StartAsync();
        Assert.True(await host.Client.TryScheduleNewOrchestrationInstanceAsync(nameof(Shout), "taken", "original"));
        var first = await host.WaitForCompletionAsync("taken");

        Assert.False(await host.Client.TryScheduleNewOrchestrationInstanceAsync(nameof(Shout), "taken", "ignored"));

        var after = await host.Client.GetInstanceAsync("taken");
        Assert.Equal(first.ExecutionId, after!.ExecutionId);
        Assert.Equal("ORIGINAL", after.ReadOutputAs<string>());
    }

    [Fact]
    public async Task Schedule_ReplaceIfFinishedOnCompleted_StartsANewRun()
    {
        await using var host = await StartAsync();
        await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(Shout), "first", new StartOrchestrationOptions("replace"));
        var first = await host.WaitForCompletionAsync("replace");

        await host.Client.ScheduleNewOrchestrationInstanceAsync(
            nameof(Shout), "second", new StartOrchestrationOptions("replace", ReusePolicy: OrchestrationIdReusePolicy.ReplaceIfFinished));
        var second = await host.WaitForAsync("replace", i => i.ExecutionId != first.ExecutionId && i.Status.IsTerminal());

        Assert.Equal("SECOND", second.ReadOutputAs<string>());
        Assert.Single((await host.Client.GetHistoryAsync("replace")).OfType<ExecutionStarted>());
    }

    [Fact]
    public async Task Schedule_ReplaceIfFinishedOnRunning_ThrowsAlreadyExists()
    {
        await using var host = await StartAsync();
        await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(AwaitsEvent), options: new StartOrchestrationOptions("busy"));
        await host.WaitForAsync("busy", i => i.Status == OrchestrationRuntimeStatus.Running);

        await Assert.ThrowsAsync<OrchestrationAlreadyExistsException>(() => host.Client.ScheduleNewOrchestrationInstanceAsync(
            nameof(AwaitsEvent), options: new StartOrchestrationOptions("busy", ReusePolicy: OrchestrationIdReusePolicy.ReplaceIfFinished)));
    }

    [Fact]
    public async Task Schedule_StartAt_FirstTurnRunsNoEarlier()
    {
        await using var host = await StartAsync();
        var startAt = DateTime.UtcNow.AddSeconds(1);

        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(Shout), "later", new StartOrchestrationOptions(StartAt: startAt));
        var pending = await host.Client.GetInstanceAsync(id);
        var done = await host.WaitForCompletionAsync(id);
        var firstTurn = (await host.Client.GetHistoryAsync(id)).OfType<OrchestratorStarted>().First();

        Assert.Equal(OrchestrationRuntimeStatus.Pending, pending!.Status);
        Assert.Equal("LATER", done.ReadOutputAs<string>());
        Assert.True(firstTurn.Timestamp >= startAt, $"First turn at {firstTurn.Timestamp:o}, before {startAt:o}.");
    }

    [Fact]
    public async Task Schedule_StartAtWithAnEarlyEvent_StaysPendingUntilTheStartAndThenGetsTheEvent()
    {
        await using var host = await StartAsync();
        var startAt = DateTime.UtcNow.AddSeconds(1.5);

        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(AwaitsEvent), options: new StartOrchestrationOptions(StartAt: startAt));
        await host.Client.RaiseEventAsync(id, "go", "early bird");
        await host.WaitForHistoryAsync(id, h => h.OfType<EventRaised>().Any());
        var beforeStart = await host.Client.GetInstanceAsync(id);
        var done = await host.WaitForCompletionAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Pending, beforeStart!.Status);
        Assert.Equal("early bird", done.ReadOutputAs<string>());
    }
}
