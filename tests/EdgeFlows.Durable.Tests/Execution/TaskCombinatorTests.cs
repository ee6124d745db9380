using EdgeFlows.Durable.Client;
using EdgeFlows.Durable.Tests.Infrastructure;

namespace EdgeFlows.Durable.Tests.Execution;

/// <summary>Task.WhenAny and Task.WhenAll over the context's tasks continue on the orchestration's thread.</summary>
public sealed class TaskCombinatorTests
{
    /// <summary>Races a short timer against an event that never comes.</summary>
    private sealed class TimerBeatsEvent : TaskOrchestrator<object?, string>
    {
        public override async Task<string> RunAsync(OrchestrationContext context, object? input)
        {
            using var race = new CancellationTokenSource();
            var timer = context.CreateTimer(TimeSpan.FromMilliseconds(200), race.Token);
            var never = context.WaitForExternalEvent<string>("Never", cancellationToken: race.Token);
            var first = await Task.WhenAny(timer, never);
#pragma warning disable CA1849 // Cancel on the orchestration's thread.
            race.Cancel();
#pragma warning restore CA1849
            return first == timer ? "timer" : "event";
        }
    }

    /// <summary>Waits for two timers together.</summary>
    private sealed class TwoTimers : TaskOrchestrator<object?, string>
    {
        public override async Task<string> RunAsync(OrchestrationContext context, object? input)
        {
            await Task.WhenAll(context.CreateTimer(TimeSpan.FromMilliseconds(100), CancellationToken.None), context.CreateTimer(TimeSpan.FromMilliseconds(200), CancellationToken.None));
            return "both";
        }
    }

    [Fact]
    public async Task WhenAny_TimerFiresFirst_ContinuesWithTheTimer()
    {
        await using var host = await DurableTestHost.StartAsync(r => r.AddOrchestrator<TimerBeatsEvent>());

        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(TimerBeatsEvent));
        var done = await host.WaitForCompletionAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.Status);
        Assert.Equal("timer", done.ReadOutputAs<string>());
    }

    [Fact]
    public async Task WhenAll_TwoTimers_ContinuesAfterBoth()
    {
        await using var host = await DurableTestHost.StartAsync(r => r.AddOrchestrator<TwoTimers>());

        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(TwoTimers));
        var done = await host.WaitForCompletionAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.Status);
        Assert.Equal("both", done.ReadOutputAs<string>());
    }
}
