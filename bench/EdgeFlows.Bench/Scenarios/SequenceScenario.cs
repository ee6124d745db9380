// `sequence --activities N`: one orchestration calls N no-op activities one after another.
// Each step waits for the one before, so this measures the runtime's per-step cost (on the
// hot path one durable commit: the turn that records a result also leases the next call),
// and (1,000 vs 4,000) that a long orchestration's cost grows linearly (cached state, no
// replay from the start).
namespace EdgeFlows.Bench.Scenarios;

internal static class SequenceScenario
{
    public static Task<BenchMetrics> RunAsync(int activities, BenchSettings settings, CancellationToken cancellationToken) =>
        SingleOrchestrationRun.RunAsync<SequenceOrchestrator>(activities, settings, cancellationToken);

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
