using EdgeFlows.Durable.Client;
using EdgeFlows.Durable.History;
using EdgeFlows.Durable.Tests.Infrastructure;

namespace EdgeFlows.Durable.Tests.Execution;

public sealed class FanOutTests
{
    private sealed class Square : TaskActivity<int, int>
    {
        public override Task<int> RunAsync(TaskActivityContext context, int input, CancellationToken cancellationToken) =>
            Task.FromResult(input * input);
    }

    private sealed class SumOfSquares : TaskOrchestrator<int, int>
    {
        public override async Task<int> RunAsync(OrchestrationContext context, int input)
        {
            var calls = Enumerable.Range(1, input).Select(i => context.CallActivityAsync<int>(nameof(Square), i));
            var squares = await Task.WhenAll(calls);
            return squares.Sum();
        }
    }

    [Fact]
    public async Task WhenAll_FiftyActivities_CompletesWithEveryResult()
    {
        await using var host = await DurableTestHost.StartAsync(r => r.AddOrchestrator<SumOfSquares>().AddActivity<Square>());

        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(SumOfSquares), 50);
        var done = await host.WaitForCompletionAsync(id);
        var history = await host.Client.GetHistoryAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.Status);
        Assert.Equal(Enumerable.Range(1, 50).Sum(i => i * i), done.ReadOutputAs<int>());
        Assert.Equal(50, history.OfType<TaskScheduled>().Count());
        Assert.Equal(50, history.OfType<TaskCompleted>().Count());
    }

    public sealed record RaceInput(double TimerSeconds);

    private sealed class TimerOrEvent : TaskOrchestrator<RaceInput, string>
    {
        public override async Task<string> RunAsync(OrchestrationContext context, RaceInput input)
        {
            using var cancelTimer = new CancellationTokenSource();
            var timer = context.CreateTimer(TimeSpan.FromSeconds(input.TimerSeconds), cancelTimer.Token);
            var approval = context.WaitForExternalEvent<string>("approval");
            var winner = await Task.WhenAny(timer, approval);
            if (winner == approval)
            {
                cancelTimer.Cancel();
                return $"approved by {approval.Result}";
            }

            return "timed out";
        }
    }

    [Theory]
    [InlineData(1000)]
    [InlineData(0)]
    public async Task WhenAny_TimerFiresFirst_TimerWins(int cacheSize)
    {
        await using var host = await DurableTestHost.StartAsync(r => r.AddOrchestrator<TimerOrEvent>(), o => o.OrchestrationCacheSize = cacheSize);

        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(TimerOrEvent), new RaceInput(0.3));
        var done = await host.WaitForCompletionAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.Status);
        Assert.Equal("timed out", done.ReadOutputAs<string>());
    }

    [Theory]
    [InlineData(1000)]
    [InlineData(0)]
    public async Task WhenAny_EventArrivesFirst_EventWins(int cacheSize)
    {
        await using var host = await DurableTestHost.StartAsync(r => r.AddOrchestrator<TimerOrEvent>(), o => o.OrchestrationCacheSize = cacheSize);

        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(TimerOrEvent), new RaceInput(60));
        await host.WaitForHistoryAsync(id, h => h.OfType<TimerCreated>().Any());
        await host.Client.RaiseEventAsync(id, "approval", "ana");
        var done = await host.WaitForCompletionAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.Status);
        Assert.Equal("approved by ana", done.ReadOutputAs<string>());
    }
}
