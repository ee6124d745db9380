// `sequence --activities N`: one orchestration calls N no-op activities one after another.
// Each step is a turn commit, an activity lease, and an activity commit, so this measures
// the runtime's per-step cost, and (1,000 vs 4,000) that a long orchestration's cost grows
// linearly (cached state, no replay from the start).
using EdgeFlows.Bench.Measurement;

namespace EdgeFlows.Bench.Scenarios;

internal static class SequenceScenario
{
    public static async Task<BenchMetrics> RunAsync(int activities, BenchSettings settings, CancellationToken cancellationToken)
    {
        await using var host = await BenchHost.StartAsync(settings, r => r.AddOrchestrator<SequenceOrchestrator>(), warmUp: true, cancellationToken);
        using var meter = ResourceMeter.Start();
        var elapsed = await host.RunAllAsync(nameof(SequenceOrchestrator), [activities], cancellationToken);
        host.ReportProfile(activities, meter);
        return new BenchMetrics
        {
            ElapsedSeconds = BenchMetrics.Round(elapsed.TotalSeconds),
            ActivitiesPerSecond = BenchMetrics.Round(activities / elapsed.TotalSeconds),
            CpuSeconds = meter.CpuSeconds,
            PeakWorkingSetMb = meter.PeakMb,
        };
    }

    private sealed class SequenceOrchestrator : TaskOrchestrator<int, int>
    {
        public override async Task<int> RunAsync(OrchestrationContext context, int input)
        {
            var sum = 0;
            for (var i = 0; i < input; i++)
            {
                sum += await context.CallActivityAsync<int>(nameof(NoOpActivity), 1);
            }

            return sum;
        }
    }
}
