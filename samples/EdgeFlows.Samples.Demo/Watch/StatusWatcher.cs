// Follows a run through the management API and prints a line whenever its step, the job's
// phase or the step's detail changes: what `edgeflows watch` shows, in its plain form.
using EdgeFlows.Samples.Demo.App;
using Spectre.Console;

namespace EdgeFlows.Samples.Demo.Watch;

/// <summary>Watches a run by polling its status.</summary>
public sealed class StatusWatcher(AppClient app, IAnsiConsole console) : IRunWatcher
{
    /// <inheritdoc />
    public async Task<RunStatus> WatchAsync(string instanceId, TimeSpan timeout, CancellationToken cancellationToken)
    {
        string? last = null;
        var started = DateTime.UtcNow;
        return await app.WaitForEndAsync(
            instanceId,
            timeout,
            status =>
            {
                var line = $"{status.Step ?? status.RuntimeStatus}{(status.Phase is { } phase ? $" ({phase})" : "")}{(status.Detail is { } detail ? $": {detail}" : "")}";
                if (line != last)
                {
                    console.MarkupLineInterpolated($"  [grey]{(DateTime.UtcNow - started).TotalSeconds,5:0.0}s[/]  {line}");
                    last = line;
                }
            },
            cancellationToken);
    }
}
