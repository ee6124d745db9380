using EdgeFlows.Cli.Output;
using EdgeFlows.Cli.Runs;
using EdgeFlows.Durable;

namespace EdgeFlows.Cli.Watch;

/// <summary>The last line of a watch.</summary>
internal static class WatchSummary
{
    public static string Line(RunStatus run, TimeSpan? timedOutAfter)
    {
        if (timedOutAfter is { } after)
        {
            return $"Stopped watching after {Formats.Duration(after)}: {run.InstanceId} is still {run.RuntimeStatus}.";
        }

        var took = Formats.Duration(run.LastUpdatedTime - run.CreatedTime);
        return run.RuntimeStatus switch
        {
            OrchestrationRuntimeStatus.Completed => $"{run.InstanceId} completed in {took}.",
            OrchestrationRuntimeStatus.Failed => $"{run.InstanceId} failed after {took}: {run.Failure?.ErrorMessage}",
            _ => $"{run.InstanceId} was {run.RuntimeStatus.ToString().ToLowerInvariant()} after {took}.",
        };
    }
}
