// The view for logs and CI (not a terminal, redirected, or CI=true): one line per change of a
// step's state or detail and of the run's status, never a redraw, so a log reads top to
// bottom. Steps finished before the watch began are printed once at the start.
using EdgeFlows.Cli.Output;
using EdgeFlows.Cli.Runs;
using EdgeFlows.Durable;
using Spectre.Console;

namespace EdgeFlows.Cli.Watch;

/// <summary>Prints a line per change (straight to the writer: a log line is never wrapped).</summary>
internal sealed class PlainWatchView(IAnsiConsole console, TextWriter output, TimeProvider time) : IWatchView
{
    private readonly Dictionary<string, (StepState State, string? Detail)> _seen = new(StringComparer.Ordinal);
    private OrchestrationRuntimeStatus? _status;

    public Task RunAsync(Func<Action<RunStatus>, Task> loop) => loop(Show);

    public void Finish(RunStatus run, TimeSpan? timedOutAfter)
    {
        if (RunStatusView.Result(run) is { } result)
        {
            console.Write(result);
        }

        output.WriteLine(WatchSummary.Line(run, timedOutAfter));
        output.Flush();
    }

    private void Show(RunStatus run)
    {
        var now = time.GetUtcNow();
        var stamp = now.UtcDateTime.ToString("HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        if (_status is null)
        {
            var dataset = run.Dataset is null ? string.Empty : $", dataset {run.Dataset}";
            output.WriteLine($"{stamp}  watching {run.InstanceId} ({run.Name}{dataset}): {run.RuntimeStatus}");
        }
        else if (_status != run.RuntimeStatus)
        {
            output.WriteLine($"{stamp}  run is {run.RuntimeStatus}");
        }

        _status = run.RuntimeStatus;
        foreach (var row in StepTimeline.Build(run))
        {
            var seen = (row.State, row.Detail);
            var changed = _seen.TryGetValue(row.Name, out var before) ? before != seen : row.State != StepState.Pending;
            _seen[row.Name] = seen;
            if (changed)
            {
                output.WriteLine($"{stamp}  {row.Name,-18} {Formats.State(row.State),-11} {Formats.Duration(row.Elapsed(now)),-8} {row.Detail}".TrimEnd());
            }
        }

        output.Flush();
    }
}
