// `idle --seconds N`: a worker host with nothing to do. Reports the CPU time the whole
// process used over N seconds, scaled to one minute; an idle host should sleep (wake-ups
// at MaxPollInterval at most), not busy-poll. Goal: under 1 s of CPU per minute.
using System.Diagnostics;
using EdgeFlows.Bench.Measurement;

namespace EdgeFlows.Bench.Scenarios;

internal static class IdleScenario
{
    // Start-up work (JIT, schema, the poll back-off growing to its ceiling) is not idling;
    // the back-off reaches its 1 s default ceiling after about 1.6 s.
    private static readonly TimeSpan SettlePeriod = TimeSpan.FromSeconds(5);

    public static async Task<BenchMetrics> RunAsync(int seconds, BenchSettings settings, CancellationToken cancellationToken)
    {
        await using var host = await BenchHost.StartAsync(settings, _ => { }, warmUp: false, cancellationToken);
        await Task.Delay(SettlePeriod, cancellationToken);
        host.Store.Profile.Reset();
        using var meter = ResourceMeter.Start();
        var clock = Stopwatch.StartNew();
        await Task.Delay(TimeSpan.FromSeconds(seconds), cancellationToken);
        var cpuSeconds = meter.CpuSeconds;
        var elapsed = clock.Elapsed;
        host.ReportProfile(0, meter);
        return new BenchMetrics
        {
            ElapsedSeconds = BenchMetrics.Round(elapsed.TotalSeconds),
            CpuSeconds = cpuSeconds,
            CpuSecondsPerMinute = BenchMetrics.Round(cpuSeconds * 60 / elapsed.TotalSeconds),
            PeakWorkingSetMb = meter.PeakMb,
        };
    }
}
