using EdgeFlows.Durable.Client;
using EdgeFlows.Durable.History;
using EdgeFlows.Durable.Tests.Infrastructure;

namespace EdgeFlows.Durable.Tests.Execution;

public sealed class TimerTests
{
    public sealed record TimerReport(DateTime FireAt, DateTime ResumedAt);

    private sealed class WaitUntil : TaskOrchestrator<double, TimerReport>
    {
        public override async Task<TimerReport> RunAsync(OrchestrationContext context, double seconds)
        {
            var fireAt = context.CurrentUtcDateTime.AddSeconds(seconds);
            await context.CreateTimer(fireAt, CancellationToken.None);
            return new TimerReport(fireAt, context.CurrentUtcDateTime);
        }
    }

    private sealed class WaitFor : TaskOrchestrator<double, TimerReport>
    {
        public override async Task<TimerReport> RunAsync(OrchestrationContext context, double seconds)
        {
            var fireAt = context.CurrentUtcDateTime.AddSeconds(seconds);
            await context.CreateTimer(TimeSpan.FromSeconds(seconds), CancellationToken.None);
            return new TimerReport(fireAt, context.CurrentUtcDateTime);
        }
    }

    [Fact]
    public async Task CreateTimer_DateTime_ResumesOnlyAfterTheFireTime()
    {
        await using var host = await DurableTestHost.StartAsync(r => r.AddOrchestrator<WaitUntil>());

        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(WaitUntil), 0.5);
        var done = await host.WaitForCompletionAsync(id);

        var report = done.ReadOutputAs<TimerReport>()!;
        Assert.True(report.ResumedAt >= report.FireAt, $"Resumed at {report.ResumedAt:o}, before the fire time {report.FireAt:o}.");
    }

    [Fact]
    public async Task CreateTimer_TimeSpan_FiresDelayAfterCurrentTime()
    {
        await using var host = await DurableTestHost.StartAsync(r => r.AddOrchestrator<WaitFor>());

        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(WaitFor), 0.5);
        var done = await host.WaitForCompletionAsync(id);
        var history = await host.Client.GetHistoryAsync(id);

        var report = done.ReadOutputAs<TimerReport>()!;
        Assert.True(report.ResumedAt >= report.FireAt, $"Resumed at {report.ResumedAt:o}, before the fire time {report.FireAt:o}.");
        Assert.Equal(report.FireAt, Assert.Single(history.OfType<TimerCreated>()).FireAt);
    }

    [Fact]
    public async Task CreateTimer_Fired_HistoryShowsTimerCreatedThenTimerFired()
    {
        await using var host = await DurableTestHost.StartAsync(r => r.AddOrchestrator<WaitUntil>());

        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(WaitUntil), 0.2);
        await host.WaitForCompletionAsync(id);
        var history = (await host.Client.GetHistoryAsync(id)).ToList();

        var created = Assert.Single(history.OfType<TimerCreated>());
        var fired = Assert.Single(history.OfType<TimerFired>());
        Assert.Equal(created.TimerId, fired.TimerId);
        Assert.Equal(created.FireAt, fired.FireAt);
        Assert.True(history.IndexOf(created) < history.IndexOf(fired));
        var resumedTurn = history.Take(history.IndexOf(fired)).OfType<OrchestratorStarted>().Last();
        Assert.True(resumedTurn.Timestamp >= created.FireAt);
    }

    [Fact]
    public async Task CreateTimer_HostRestartsBeforeItFires_InstanceCompletesOnTheNewHost()
    {
        using var database = new TestDatabase();
        string id;
        await using (var first = await DurableTestHost.StartAsync(r => r.AddOrchestrator<WaitUntil>(), databasePath: database.Path))
        {
            id = await first.Client.ScheduleNewOrchestrationInstanceAsync(nameof(WaitUntil), 2.0);
            await first.WaitForHistoryAsync(id, h => h.OfType<TimerCreated>().Any());
        }

        await using var second = await DurableTestHost.StartAsync(r => r.AddOrchestrator<WaitUntil>(), databasePath: database.Path);
        var done = await second.WaitForCompletionAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.Status);
        var report = done.ReadOutputAs<TimerReport>()!;
        Assert.True(report.ResumedAt >= report.FireAt);
    }
}
