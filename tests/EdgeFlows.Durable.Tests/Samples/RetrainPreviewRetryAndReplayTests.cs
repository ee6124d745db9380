using System.Collections.Concurrent;
using EdgeFlows.Durable.Client;
using EdgeFlows.Durable.History;
using EdgeFlows.Durable.Tests.Infrastructure;
using EdgeFlows.Samples.Demo.Activities;
using EdgeFlows.Samples.Demo.Orchestrations;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EdgeFlows.Durable.Tests.Samples;

public sealed class RetrainPreviewRetryAndReplayTests
{
    [Fact]
    public async Task RetrainPreview_FirstTrainingAttemptFails_RetriesAfterADurableTimerAndCompletes()
    {
        await using var host = await DurableTestHost.StartAsync(r => r.AddRetrainPreview());
        var input = new RetrainPreviewInput(SampleData.BreastCancerCsv, Path.GetDirectoryName(host.DatabasePath)!, SettleDelay: TimeSpan.FromMilliseconds(50), SimulateTransientFailure: true);

        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(RetrainPreview), input);
        var done = await host.WaitForCompletionAsync(id, TimeSpan.FromSeconds(90));
        var history = await host.Client.GetHistoryAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.Status);
        var attempts = history.OfType<TaskScheduled>().Where(t => t.Name == nameof(TrainModel)).ToList();
        Assert.Equal([1, 2], attempts.Select(a => a.Attempt));
        var failed = Assert.Single(history.OfType<TaskFailed>());
        Assert.Equal(attempts[0].TaskId, failed.TaskScheduledId);
        Assert.Equal(typeof(SimulatedTrainingFailureException).FullName, failed.FailureDetails.ErrorType);

        // The wait before attempt 2 is the policy's first retry interval, as a durable timer.
        var retryTimer = history.OfType<TimerCreated>().First();
        Assert.Equal(RetrainPreview.TrainingRetry.FirstRetryInterval, retryTimer.FireAt - retryTimer.Timestamp);
        Assert.Equal(1.0, done.ReadOutputAs<RetrainPreviewResult>()!.Training.Metrics.Accuracy);
    }

    [Fact]
    public void TrainingRetry_DatasetChanged_IsNotRetried()
    {
        var handle = RetrainPreview.TrainingRetry.Handle!;

        Assert.False(handle(TaskFailureDetails.FromException(new DatasetChangedException("changed"))));
        Assert.True(handle(TaskFailureDetails.FromException(new IOException("disk hiccup"))));
    }

    [Fact]
    public async Task RetrainPreview_NoCache_ReplaysEveryTurnAndLogsEachMessageOnce()
    {
        // Without the cache every turn replays the orchestrator from its history: the run
        // must still complete (it is deterministic) and the replay-safe logger must stay quiet
        // during replays.
        var logs = new CapturingLoggerProvider();
        await using var host = await DurableTestHost.StartAsync(
            r => r.AddRetrainPreview(),
            o => o.OrchestrationCacheSize = 0,
            services => services.AddLogging(b => b.AddProvider(logs).AddFilter("EdgeFlows.Samples", LogLevel.Information)));
        var input = new RetrainPreviewInput(SampleData.BreastCancerCsv, Path.GetDirectoryName(host.DatabasePath)!, SettleDelay: TimeSpan.FromMilliseconds(50));

        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(RetrainPreview), input);
        var done = await host.WaitForCompletionAsync(id, TimeSpan.FromSeconds(90));
        var turns = (await host.Client.GetHistoryAsync(id)).OfType<OrchestratorStarted>().Count();

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.Status);
        Assert.True(turns >= 4, $"Only {turns} turns ran; the test needs replays to mean anything.");
        Assert.Equal([2000, 2001, 2002, 2003], logs.EventIds.Order());
    }

    private sealed class CapturingLoggerProvider : ILoggerProvider
    {
        private readonly ConcurrentQueue<int> _eventIds = new();

        public IEnumerable<int> EventIds => _eventIds;

        public ILogger CreateLogger(string categoryName) =>
            categoryName.StartsWith("EdgeFlows.Samples", StringComparison.Ordinal) ? new Capturing(_eventIds) : Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;

        public void Dispose()
        {
        }

        private sealed class Capturing(ConcurrentQueue<int> eventIds) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                eventIds.Enqueue(eventId.Id);
        }
    }
}
