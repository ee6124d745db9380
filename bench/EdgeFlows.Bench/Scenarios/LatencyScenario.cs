// `latency --orchestrations N`: one orchestration at a time, each calling one no-op activity.
// For each: start request → the activity's code running (how fast the runtime reacts to new
// work: no polling delay on the hot path), and start request → completion committed.
using System.Collections.Concurrent;
using System.Diagnostics;
using EdgeFlows.Bench.Measurement;
using EdgeFlows.Durable.Client;
using Microsoft.Extensions.DependencyInjection;

namespace EdgeFlows.Bench.Scenarios;

internal static class LatencyScenario
{
    public static async Task<BenchMetrics> RunAsync(int orchestrations, BenchSettings settings, CancellationToken cancellationToken)
    {
        var starts = new ActivityStarts();
        await using var host = await BenchHost.StartAsync(
            settings,
            r =>
            {
                r.Services.AddSingleton(starts);
                r.AddOrchestrator<PingOrchestrator>().AddActivity<PingActivity>();
            },
            warmUp: true,
            cancellationToken);
        using var meter = ResourceMeter.Start();
        var toActivity = new double[orchestrations];
        var toCompleted = new double[orchestrations];
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < orchestrations; i++)
        {
            var id = Guid.NewGuid().ToString("N");
            var running = starts.WhenStarted(id);
            var finished = host.Store.WhenFinished(id);
            var started = Stopwatch.GetTimestamp();
            await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(PingOrchestrator), 0, new StartOrchestrationOptions(id), cancellationToken);
            var result = await host.WithinTimeoutAsync(finished, $"Orchestration {i + 1} of {orchestrations}", cancellationToken);
            await host.EnsureCompletedAsync([result], cancellationToken);
            toActivity[i] = Stopwatch.GetElapsedTime(started, await running).TotalMilliseconds;
            toCompleted[i] = Stopwatch.GetElapsedTime(started, result.Timestamp).TotalMilliseconds;
        }

        var elapsed = clock.Elapsed;
        host.ReportProfile(orchestrations, meter);
        return new BenchMetrics
        {
            ElapsedSeconds = BenchMetrics.Round(elapsed.TotalSeconds),
            ActivitiesPerSecond = BenchMetrics.Round(orchestrations / elapsed.TotalSeconds),
            OrchestrationsPerSecond = BenchMetrics.Round(orchestrations / elapsed.TotalSeconds),
            P50Ms = Percentile(toActivity, 50),
            P95Ms = Percentile(toActivity, 95),
            P99Ms = Percentile(toActivity, 99),
            CompletedP50Ms = Percentile(toCompleted, 50),
            CompletedP95Ms = Percentile(toCompleted, 95),
            CompletedP99Ms = Percentile(toCompleted, 99),
            CpuSeconds = meter.CpuSeconds,
            PeakWorkingSetMb = meter.PeakMb,
        };
    }

    /// <summary>The nearest-rank percentile: the smallest value with at least p % of values at or below it.</summary>
    private static double Percentile(double[] values, int percent)
    {
        var sorted = values.Order().ToArray();
        var rank = (int)Math.Ceiling(percent / 100.0 * sorted.Length);
        return BenchMetrics.Round(sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)]);
    }

    /// <summary>When each instance's activity began to run, as a <see cref="Stopwatch"/> timestamp.</summary>
    private sealed class ActivityStarts
    {
        private readonly ConcurrentDictionary<string, TaskCompletionSource<long>> _starts = new();

        public Task<long> WhenStarted(string instanceId) => Source(instanceId).Task;

        public void Record(string instanceId) => Source(instanceId).TrySetResult(Stopwatch.GetTimestamp());

        private TaskCompletionSource<long> Source(string instanceId) =>
            _starts.GetOrAdd(instanceId, _ => new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously));
    }

    private sealed class PingActivity(ActivityStarts starts) : TaskActivity<int, int>
    {
        public override Task<int> RunAsync(Durable.TaskActivityContext context, int input, CancellationToken cancellationToken)
        {
            starts.Record(context.InstanceId);
            return Task.FromResult(input);
        }
    }

    private sealed class PingOrchestrator : TaskOrchestrator<int, int>
    {
        public override async Task<int> RunAsync(OrchestrationContext context, int input) =>
            await context.CallActivityAsync<int>(nameof(PingActivity), input);
    }
}
