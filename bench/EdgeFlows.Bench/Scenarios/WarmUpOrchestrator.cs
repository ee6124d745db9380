namespace EdgeFlows.Bench.Scenarios;

/// <summary>
/// Runs before measuring (see <see cref="BenchHost"/>): sequential and parallel no-op calls, so
/// the runtime's code is JIT-compiled and the store's connections are open before the clock starts.
/// </summary>
internal sealed class WarmUpOrchestrator : TaskOrchestrator<int, int>
{
    public override async Task<int> RunAsync(OrchestrationContext context, int input)
    {
        var sum = 0;
        for (var i = 0; i < input; i++)
        {
            sum += await context.CallActivityAsync<int>(nameof(NoOpActivity), i);
        }

        var parallel = await Task.WhenAll(Enumerable.Range(0, input).Select(i => context.CallActivityAsync<int>(nameof(NoOpActivity), i)));
        return sum + parallel.Sum();
    }
}
