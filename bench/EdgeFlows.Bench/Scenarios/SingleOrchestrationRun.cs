// What `sequence` and `fanout` share: one orchestration of N no-op activities on a fresh,
// warmed-up host, timed from its start request to the commit of its completion.
using EdgeFlows.Bench.Measurement;
using EdgeFlows.Durable;

namespace EdgeFlows.Bench.Scenarios;

internal static class SingleOrchestrationRun
{
    public static async Task<BenchMetrics> RunAsync<TOrchestrator>(int activities, BenchSettings settings, CancellationToken cancellationToken)
        where TOrchestrator : class, ITaskOrchestrator
    {
        await using var host = await BenchHost.StartAsync(settings, r => r.AddOrchestrator<TOrchestrator>(), warmUp: true, cancellationToken);
        using var meter = ResourceMeter.Start();
        var elapsed = await host.RunAllAsync(typeof(TOrchestrator).Name, [activities], cancellationToken);
        host.ReportProfile(activities, meter);
        return new BenchMetrics
        {
            ElapsedSeconds = BenchMetrics.Round(elapsed.TotalSeconds),
            ActivitiesPerSecond = BenchMetrics.Round(activities / elapsed.TotalSeconds),
            CpuSeconds = meter.CpuSeconds,
            PeakWorkingSetMb = meter.PeakMb,
        };
    }
}
