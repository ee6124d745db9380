// `fanout --activities N`: one orchestration schedules N no-op activities at once and
// waits for all of them. Measures activity throughput when the work is parallel: leasing in
// batches, group commit of results, and a fan-in turn that may take many results at once.
namespace EdgeFlows.Bench.Scenarios;

internal static class FanOutScenario
{
    public static Task<BenchMetrics> RunAsync(int activities, BenchSettings settings, CancellationToken cancellationToken) =>
        SingleOrchestrationRun.RunAsync<FanOutOrchestrator>(activities, settings, cancellationToken);

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
