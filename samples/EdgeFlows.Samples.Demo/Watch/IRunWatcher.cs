using EdgeFlows.Samples.Demo.App;

namespace EdgeFlows.Samples.Demo.Watch;

/// <summary>Shows a run step by step until it ends.</summary>
public interface IRunWatcher
{
    /// <summary>Follows the run; returns its final status.</summary>
    /// <exception cref="TimeoutException">It did not end within <paramref name="timeout"/>.</exception>
    Task<RunStatus> WatchAsync(string instanceId, TimeSpan timeout, CancellationToken cancellationToken);
}
