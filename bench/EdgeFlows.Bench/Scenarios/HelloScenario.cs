// `hello --orchestrations N`: N orchestrations of 5 sequential activities (the Durable
// Functions "hello cities" shape), all started at once. Measures throughput across many
// instances, and the peak working set while thousands are in flight.
using EdgeFlows.Bench.Measurement;

namespace EdgeFlows.Bench.Scenarios;

internal static class HelloScenario
{
    private const int ActivitiesPerOrchestration = 5;

    public static async Task<BenchMetrics> RunAsync(int orchestrations, BenchSettings settings, CancellationToken cancellationToken)
    {
        await using var host = await BenchHost.StartAsync(settings, r => r.AddOrchestrator<HelloOrchestrator>(), warmUp: true, cancellationToken);
        using var meter = ResourceMeter.Start();
        var inputs = Enumerable.Repeat(ActivitiesPerOrchestration, orchestrations).ToList();
        var elapsed = await host.RunAllAsync(nameof(HelloOrchestrator), inputs, cancellationToken);
        var activities = (long)orchestrations * ActivitiesPerOrchestration;
        host.ReportProfile(activities, meter);
        return new BenchMetrics
        {
            ElapsedSeconds = BenchMetrics.Round(elapsed.TotalSeconds),
            ActivitiesPerSecond = BenchMetrics.Round(activities / elapsed.TotalSeconds),
            OrchestrationsPerSecond = BenchMetrics.Round(orchestrations / elapsed.TotalSeconds),
            CpuSeconds = meter.CpuSeconds,
            PeakWorkingSetMb = meter.PeakMb,
        };
    }

    private sealed class HelloOrchestrator : TaskOrchestrator<int, int>
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
