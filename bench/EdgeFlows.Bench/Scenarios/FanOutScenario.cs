// `fanout --activities N`: one orchestration schedules N no-op activities at once and
// waits for all of them. Measures activity throughput when the work is parallel: leasing in
// batches, group commit of results, and a fan-in turn that may take many results at once.
using EdgeFlows.Bench.Measurement;

namespace EdgeFlows.Bench.Scenarios;

internal static class FanOutScenario
{
    public static async Task<BenchMetrics> RunAsync(int activities, BenchSettings settings, CancellationToken cancellationToken)
    {
        await using var host = await BenchHost.StartAsync(settings, r => r.AddOrchestrator<FanOutOrchestrator>(), warmUp: true, cancellationToken);
        using var meter = ResourceMeter.Start();
        var elapsed = await host.RunAllAsync(nameof(FanOutOrchestrator), [activities], cancellationToken);
        host.ReportProfile(activities, meter);
        return new BenchMetrics
        {
            ElapsedSeconds = BenchMetrics.Round(elapsed.TotalSeconds),
            ActivitiesPerSecond = BenchMetrics.Round(activities / elapsed.TotalSeconds),
            CpuSeconds = meter.CpuSeconds,
            PeakWorkingSetMb = meter.PeakMb,
        };
    }

    private sealed class FanOutOrchestrator : TaskOrchestrator<int, int>
    {
        public override async Task<int> RunAsync(OrchestrationContext context, int input)
        {
            var calls = new Task<int>[input];
            for (var i = 0; i < input; i++)
            {
                calls[i] = context.CallActivityAsync<int>(nameof(NoOpActivity), 1);
            }

            var results = await Task.WhenAll(calls);
            return results.Sum();
        }
    }
}
