namespace EdgeFlows.Bench.Scenarios;

/// <summary>
/// Run once before measuring: a few sequential and parallel calls, so the runtime's code
/// paths are JIT-compiled and the store's connections open before the clock starts.
/// </summary>
internal sealed class WarmUpOrchestrator : TaskOrchestrator<int, int>
{
    private const int Calls = 4;

    public override async Task<int> RunAsync(OrchestrationContext context, int input)
    {
        var sum = 0;
        for (var i = 0; i < Calls; i++)
        {
            sum += await context.CallActivityAsync<int>(nameof(NoOpActivity), i);
        }

        var parallel = await Task.WhenAll(Enumerable.Range(0, Calls).Select(i => context.CallActivityAsync<int>(nameof(NoOpActivity), i)));
        return sum + parallel.Sum();
    }
}
