using EdgeFlows.Durable.Client;
using EdgeFlows.Durable.History;
using EdgeFlows.Durable.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EdgeFlows.Durable.Tests.Execution;

/// <summary>
/// What orchestrator code sees on replay. The hosts run with no orchestration cache, so every
/// turn replays the code from the start of its history.
/// </summary>
public sealed class ReplayTests
{
    private static readonly Action<Hosting.DurableRuntimeOptions> AlwaysReplay = o => o.OrchestrationCacheSize = 0;

    private sealed class Echo : TaskActivity<string, string>
    {
        public override Task<string> RunAsync(TaskActivityContext context, string input, CancellationToken cancellationToken) =>
            Task.FromResult(input);
    }

    private sealed class RecordTimes : TaskOrchestrator<string?, List<DateTime>>
    {
        public override async Task<List<DateTime>> RunAsync(OrchestrationContext context, string? input)
        {
            var before = context.CurrentUtcDateTime;
            await context.CallActivityAsync<string>(nameof(Echo), "step");
            var after = context.CurrentUtcDateTime;
            return [before, after];
        }
    }

    [Fact]
    public async Task CurrentUtcDateTime_OnReplay_IsTheTimeOfTheTurnThatFirstRanTheCode()
    {
        await using var host = await DurableTestHost.StartAsync(r => r.AddOrchestrator<RecordTimes>().AddActivity<Echo>(), AlwaysReplay);

        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(RecordTimes));
        var done = await host.WaitForCompletionAsync(id);
        var turns = (await host.Client.GetHistoryAsync(id)).OfType<OrchestratorStarted>().Select(t => t.Timestamp).ToList();

        Assert.Equal(2, turns.Count);
        Assert.Equal(turns, done.ReadOutputAs<List<DateTime>>());
        Assert.True(turns[1] > turns[0]);
    }

    private static readonly Action<ILogger, int, Exception?> LogStep =
        LoggerMessage.Define<int>(LogLevel.Warning, new EventId(1, "Step"), "Step {Step}");

    private sealed class LoggingSteps : TaskOrchestrator<int, int>
    {
        public override async Task<int> RunAsync(OrchestrationContext context, int steps)
        {
            var logger = context.CreateReplaySafeLogger("Tests.LoggingSteps");
            for (var step = 1; step <= steps; step++)
            {
                LogStep(logger, step, null);
                await context.CallActivityAsync<string>(nameof(Echo), "step");
            }

            return steps;
        }
    }

    [Fact]
    public async Task CreateReplaySafeLogger_Replaying_LogsEachStepOnce()
    {
        var logs = new CapturingLoggerProvider("Tests.LoggingSteps");
        await using var host = await DurableTestHost.StartAsync(
            r => r.AddOrchestrator<LoggingSteps>().AddActivity<Echo>(),
            AlwaysReplay,
            s => s.AddSingleton<ILoggerProvider>(logs));

        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(LoggingSteps), 4);
        await host.WaitForCompletionAsync(id);

        Assert.Equal(["Step 1", "Step 2", "Step 3", "Step 4"], logs.Messages);
    }

    private sealed class ObserveReplaying : TaskOrchestrator<string?, List<bool>>
    {
        public override async Task<List<bool>> RunAsync(OrchestrationContext context, string? input)
        {
            var seen = new List<bool> { context.IsReplaying };
            await context.CallActivityAsync<string>(nameof(Echo), "one");
            seen.Add(context.IsReplaying);
            await context.CallActivityAsync<string>(nameof(Echo), "two");
            seen.Add(context.IsReplaying);
            return seen;
        }
    }

    [Fact]
    public async Task IsReplaying_LastTurn_TrueForReplayedStepsAndFalseForTheNewOne()
    {
        await using var host = await DurableTestHost.StartAsync(r => r.AddOrchestrator<ObserveReplaying>().AddActivity<Echo>(), AlwaysReplay);

        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(ObserveReplaying));
        var done = await host.WaitForCompletionAsync(id);

        Assert.Equal([true, true, false], done.ReadOutputAs<List<bool>>());
    }

    private sealed class MakeGuids : TaskOrchestrator<string?, List<Guid>>
    {
        public override async Task<List<Guid>> RunAsync(OrchestrationContext context, string? input)
        {
            var first = context.NewGuid();
            var second = context.NewGuid();
            await context.CallActivityAsync<string>(nameof(Echo), $"{first}|{second}");
            return [first, second, context.NewGuid()];
        }
    }

    [Fact]
    public async Task NewGuid_OnReplay_ReturnsTheSameGuids()
    {
        await using var host = await DurableTestHost.StartAsync(r => r.AddOrchestrator<MakeGuids>().AddActivity<Echo>(), AlwaysReplay);

        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(MakeGuids));
        var done = await host.WaitForCompletionAsync(id);
        var scheduled = Assert.Single((await host.Client.GetHistoryAsync(id)).OfType<TaskScheduled>());

        var guids = done.ReadOutputAs<List<Guid>>()!;
        Assert.Equal($"{guids[0]}|{guids[1]}", DataConverterReads.Payload<string>(scheduled.Input));
        Assert.Equal(3, guids.Distinct().Count());
    }

    [Fact]
    public async Task NewGuid_Always_IsAVersion5RfcGuid()
    {
        await using var host = await DurableTestHost.StartAsync(r => r.AddOrchestrator<MakeGuids>().AddActivity<Echo>());

        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(MakeGuids));
        var done = await host.WaitForCompletionAsync(id);

        Assert.All(done.ReadOutputAs<List<Guid>>()!, g =>
        {
            Assert.Equal(5, g.Version);
            Assert.Equal(0b10, g.Variant >> 2);
        });
    }

    private sealed class ReportStatus : TaskOrchestrator<string?, string>
    {
        public override async Task<string> RunAsync(OrchestrationContext context, string? input)
        {
            context.SetCustomStatus(new { Stage = "waiting for approval", Progress = 50 });
            return await context.WaitForExternalEvent<string>("go");
        }
    }

    public sealed record StageReport(string Stage, int Progress);

    [Fact]
    public async Task SetCustomStatus_WhileRunning_IsVisibleToClients()
    {
        await using var host = await DurableTestHost.StartAsync(r => r.AddOrchestrator<ReportStatus>());

        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(ReportStatus));
        var running = await host.WaitForAsync(id, i => i.CustomStatus is not null);
        await host.Client.RaiseEventAsync(id, "go", "done");
        var done = await host.WaitForCompletionAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Running, running.Status);
        Assert.Equal(new StageReport("waiting for approval", 50), running.ReadCustomStatusAs<StageReport>());
        Assert.Equal(new StageReport("waiting for approval", 50), done.ReadCustomStatusAs<StageReport>());
    }
}
