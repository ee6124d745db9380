using EdgeFlows.Cli.Runs;

namespace EdgeFlows.Cli.Watch;

/// <summary>How <c>watch</c> shows a run while it polls: a live table, plain lines, or nothing (JSON).</summary>
internal interface IWatchView
{
    /// <summary>Runs the polling <paramref name="loop"/>, which calls the given action with each status read.</summary>
    Task RunAsync(Func<Action<RunStatus>, Task> loop);

    /// <summary>Shows the last status read: the result or failure, and how the watch ended.</summary>
    void Finish(RunStatus run, TimeSpan? timedOutAfter);
}
