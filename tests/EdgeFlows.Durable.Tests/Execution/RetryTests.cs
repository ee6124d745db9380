using EdgeFlows.Durable.Client;
using EdgeFlows.Durable.History;
using EdgeFlows.Durable.Tests.Infrastructure;

namespace EdgeFlows.Durable.Tests.Execution;

public sealed class RetryTests
{
    /// <summary>Fails its first two attempts, then returns the attempt number.</summary>
    private sealed class FlakyTwice : TaskActivity<string?, int>
    {
        public override Task<int> RunAsync(TaskActivityContext context, string? input, CancellationToken cancellationToken) =>
            context.Attempt < 3
                ? throw new InvalidOperationException($"Attempt {context.Attempt} hit a transient error.")
                : Task.FromResult(context.Attempt);
    }

    private sealed class AlwaysBroken : TaskActivity<string?, int>
    {
        public override Task<int> RunAsync(TaskActivityContext context, string? input, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("The registry refused the push.");
    }

    private sealed class BadArgument : TaskActivity<string?, int>
    {
        public override Task<int> RunAsync(TaskActivityContext context, string? input, CancellationToken cancellationToken) =>
            throw new ArgumentException("The dataset name is empty.");
    }

    /// <summary>Calls the named activity with a policy chosen by name, so one orchestrator serves every case.</summary>
    private sealed class CallWithRetry : TaskOrchestrator<string, int>
    {
        public override Task<int> RunAsync(OrchestrationContext context, string activity) =>
            context.CallActivityAsync<int>(activity, options: TaskOptions.FromRetryPolicy(Policies[activity]));
    }

    private static readonly Dictionary<string, RetryPolicy> Policies = new()
    {
        [nameof(FlakyTwice)] = new RetryPolicy(5, TimeSpan.FromMilliseconds(200), backoffCoefficient: 2),
        [nameof(AlwaysBroken)] = new RetryPolicy(3, TimeSpan.FromMilliseconds(100)),
        [nameof(BadArgument)] = new RetryPolicy(5, TimeSpan.FromMilliseconds(100)) { Handle = f => !f.IsCausedBy<ArgumentException>() },
    };

    private static Task<DurableTestHost> StartAsync() => DurableTestHost.StartAsync(r => r
        .AddOrchestrator<CallWithRetry>()
        .AddOrchestrator<CappedBackoff>()
        .AddOrchestrator<TimeBoxed>()
        .AddActivity<FlakyTwice>()
        .AddActivity<AlwaysBroken>()
        .AddActivity<BadArgument>());

    [Fact]
    public async Task RetryPolicy_FailsTwiceThenSucceeds_CompletesOnTheThirdAttempt()
    {
        await using var host = await StartAsync();

        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(CallWithRetry), nameof(FlakyTwice));
        var done = await host.WaitForCompletionAsync(id);
        var history = await host.Client.GetHistoryAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.Status);
        Assert.Equal(3, done.ReadOutputAs<int>());
        Assert.Equal([1, 2, 3], history.OfType<TaskScheduled>().Select(t => t.Attempt));
        Assert.Equal(2, history.OfType<TaskFailed>().Count());
    }

    [Fact]
    public async Task RetryPolicy_BetweenAttempts_WaitsOnDurableTimersWithExponentialBackoff()
    {
        await using var host = await StartAsync();

        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(CallWithRetry), nameof(FlakyTwice));
        await host.WaitForCompletionAsync(id);
        var history = await host.Client.GetHistoryAsync(id);

        // Each wait starts at the turn that saw the failure: 200 ms, then 200 ms × 2.
        var sequence = history.Where(e => e is TaskScheduled or TaskFailed or TimerCreated or TimerFired or TaskCompleted).Select(e => e.EventType);
        Assert.Equal(
            ["TaskScheduled", "TaskFailed", "TimerCreated", "TimerFired", "TaskScheduled", "TaskFailed", "TimerCreated", "TimerFired", "TaskScheduled", "TaskCompleted"],
            sequence);
        var timers = history.OfType<TimerCreated>().ToList();
        Assert.Equal([TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(400)], timers.Select(t => t.FireAt - t.Timestamp));
        Assert.All(timers, t => Assert.Equal(TurnTimeOf(history, t), t.Timestamp));
        Assert.All(history.OfType<TaskScheduled>().Skip(1).Zip(timers), pair => Assert.True(pair.First.Timestamp >= pair.Second.FireAt));
    }

    [Fact]
    public async Task RetryPolicy_AttemptsExhausted_FailsWithTheOriginalFailure()
    {
        await using var host = await StartAsync();

        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(CallWithRetry), nameof(AlwaysBroken));
        var done = await host.WaitForCompletionAsync(id);
        var history = await host.Client.GetHistoryAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, done.Status);
        Assert.Equal(typeof(TaskFailedException).FullName, done.Failure!.ErrorType);
        Assert.Equal(typeof(InvalidOperationException).FullName, done.Failure.InnerFailure!.ErrorType);
        Assert.Equal("The registry refused the push.", done.Failure.InnerFailure.ErrorMessage);
        Assert.Equal(3, history.OfType<TaskScheduled>().Count());
    }

    [Fact]
    public async Task RetryPolicy_HandleReturnsFalse_DoesNotRetry()
    {
        await using var host = await StartAsync();

        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(CallWithRetry), nameof(BadArgument));
        var done = await host.WaitForCompletionAsync(id);
        var history = await host.Client.GetHistoryAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, done.Status);
        Assert.Equal(typeof(ArgumentException).FullName, done.Failure!.InnerFailure!.ErrorType);
        Assert.Single(history.OfType<TaskScheduled>());
        Assert.Empty(history.OfType<TimerCreated>());
    }

    private static readonly RetryPolicy TimeBoxedPolicy = new(10, TimeSpan.FromMilliseconds(300), retryTimeout: TimeSpan.FromSeconds(1));

    private sealed class TimeBoxed : TaskOrchestrator<string?, int>
    {
        public override Task<int> RunAsync(OrchestrationContext context, string? input) =>
            context.CallActivityAsync<int>(nameof(AlwaysBroken), options: TaskOptions.FromRetryPolicy(TimeBoxedPolicy));
    }

    [Fact]
    public async Task RetryPolicy_RetryTimeoutPassed_StopsRetryingBeforeMaxAttempts()
    {
        await using var host = await StartAsync();

        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(TimeBoxed));
        var done = await host.WaitForCompletionAsync(id);
        var history = await host.Client.GetHistoryAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, done.Status);
        var attempts = history.OfType<TaskScheduled>().ToList();
        Assert.InRange(attempts.Count, 1, TimeBoxedPolicy.MaxNumberOfAttempts - 1);
        var deadline = attempts[0].Timestamp + TimeBoxedPolicy.RetryTimeout;
        Assert.All(history.OfType<TimerCreated>(), t => Assert.True(t.FireAt <= deadline));
        var lastFailureTurn = TurnTimeOf(history, history.OfType<TaskFailed>().Last());
        Assert.True(lastFailureTurn + TimeBoxedPolicy.GetDelay(attempts.Count) > deadline);
    }

    private static readonly RetryPolicy CappedPolicy = new(4, TimeSpan.FromMilliseconds(100), backoffCoefficient: 10, maxRetryInterval: TimeSpan.FromMilliseconds(300));

    private sealed class CappedBackoff : TaskOrchestrator<string?, int>
    {
        public override Task<int> RunAsync(OrchestrationContext context, string? input) =>
            context.CallActivityAsync<int>(nameof(AlwaysBroken), options: TaskOptions.FromRetryPolicy(CappedPolicy));
    }

    [Fact]
    public async Task RetryPolicy_MaxRetryInterval_CapsTheDelay()
    {
        await using var host = await StartAsync();

        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(CappedBackoff));
        await host.WaitForCompletionAsync(id);
        var history = await host.Client.GetHistoryAsync(id);

        Assert.Equal(
            [TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(300), TimeSpan.FromMilliseconds(300)],
            history.OfType<TimerCreated>().Select(t => t.FireAt - t.Timestamp));
    }

    private static DateTime TurnTimeOf(IReadOnlyList<HistoryEvent> history, HistoryEvent e) =>
        history.Take(history.ToList().IndexOf(e)).OfType<OrchestratorStarted>().Last().Timestamp;
}
