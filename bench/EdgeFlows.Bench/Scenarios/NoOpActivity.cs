namespace EdgeFlows.Bench.Scenarios;

/// <summary>An activity that does nothing but return its input, so only the runtime is measured.</summary>
internal sealed class NoOpActivity : TaskActivity<int, int>
{
    public override Task<int> RunAsync(TaskActivityContext context, int input, CancellationToken cancellationToken) => Task.FromResult(input);
}
