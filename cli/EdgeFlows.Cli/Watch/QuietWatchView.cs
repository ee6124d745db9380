using EdgeFlows.Cli.Runs;

namespace EdgeFlows.Cli.Watch;

/// <summary>With --json nothing is shown while watching: the one document comes at the end.</summary>
internal sealed class QuietWatchView : IWatchView
{
    public Task RunAsync(Func<Action<RunStatus>, Task> loop) => loop(_ => { });

    public void Finish(RunStatus run, TimeSpan? timedOutAfter)
    {
    }
}
