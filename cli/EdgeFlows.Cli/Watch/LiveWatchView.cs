// The interactive view: the run's summary and steps table, redrawn in place at every poll
// (elapsed times tick even when nothing else changed), left on screen when the run ends.
using EdgeFlows.Cli.Output;
using EdgeFlows.Cli.Runs;
using Spectre.Console;

namespace EdgeFlows.Cli.Watch;

/// <summary>Redraws the run live with Spectre.Console.</summary>
internal sealed class LiveWatchView(IAnsiConsole console, TimeProvider time) : IWatchView
{
    public Task RunAsync(Func<Action<RunStatus>, Task> loop) =>
        console.Live(new Text("Reading the run…"))
            .AutoClear(false)
            .Overflow(VerticalOverflow.Ellipsis)
            .Cropping(VerticalOverflowCropping.Top)
            .StartAsync(context => loop(run =>
            {
                context.UpdateTarget(Render(run, time.GetUtcNow()));
                context.Refresh();
            }));

    public void Finish(RunStatus run, TimeSpan? timedOutAfter)
    {
        if (RunStatusView.Result(run) is { } result)
        {
            console.WriteLine();
            console.Write(result);
        }

        console.WriteLine();
        console.WriteLine(WatchSummary.Line(run, timedOutAfter));
    }

    private static Rows Render(RunStatus run, DateTimeOffset now) =>
        new Rows(RunStatusView.Summary(run, now), new Text(string.Empty), RunStatusView.Steps(StepTimeline.Build(run), now));
}
