// watch: reads the run (with its history) every --interval until it finishes, showing each
// read, and exits with the run's outcome: 0 completed, 1 failed or terminated, 6 when
// --timeout passed first. Ctrl-C stops watching only; the run goes on.
using EdgeFlows.Cli.Backends;
using EdgeFlows.Cli.Commands;
using EdgeFlows.Cli.Output;
using EdgeFlows.Cli.Runs;
using EdgeFlows.Durable;
using Spectre.Console;

namespace EdgeFlows.Cli.Watch;

/// <summary>Follows a run to its end.</summary>
internal static class WatchLoop
{
    public static async Task<int> RunAsync(CommandContext context, IEdgeFlowsBackend backend, string instanceId, TimeSpan interval, TimeSpan? timeout)
    {
        var console = context.Console;
        var time = console.Time;
        var deadline = timeout is { } limit ? time.GetUtcNow() + limit : (DateTimeOffset?)null;
        IWatchView view = context.Json ? new QuietWatchView()
            : console.IsInteractive ? new LiveWatchView(console.Ansi, time)
            : new PlainWatchView(console.Ansi, console.Out, time);

        // The first read comes before any drawing, so an unknown id is one error line, not a live view.
        var last = await ReadAsync(backend, instanceId, context.CancellationToken);
        var timedOut = false;
        try
        {
            await view.RunAsync(async show =>
            {
                while (true)
                {
                    show(last);
                    if (last.RuntimeStatus.IsTerminal())
                    {
                        return;
                    }

                    var now = time.GetUtcNow();
                    if (deadline is { } end && now >= end)
                    {
                        timedOut = true;
                        return;
                    }

                    await Task.Delay(deadline is { } d && d - now < interval ? d - now : interval, time, context.CancellationToken);
                    last = await ReadAsync(backend, instanceId, context.CancellationToken);
                }
            });
        }
        catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested && !context.Json)
        {
            console.Ansi.WriteLine($"Stopped watching {instanceId}; the run goes on.");
            throw;
        }

        var run = last;
        if (context.Json)
        {
            JsonOutput.Write(console.Out, RunStatusJson.From(run, StepTimeline.Build(run)));
        }
        else
        {
            view.Finish(run, timedOut ? timeout : null);
        }

        if (timedOut)
        {
            if (context.Json)
            {
                JsonOutput.WriteError(console.Error, ExitCodes.WatchTimeout, WatchSummary.Line(run, timeout));
            }

            return ExitCodes.WatchTimeout;
        }

        return run.RuntimeStatus == OrchestrationRuntimeStatus.Completed ? ExitCodes.Ok : ExitCodes.RunFailed;
    }

    /// <summary>The run with its history; not found also when it is purged while being watched.</summary>
    private static async Task<RunStatus> ReadAsync(IEdgeFlowsBackend backend, string instanceId, CancellationToken cancellationToken) =>
        await backend.GetRunAsync(instanceId, includeHistory: true, cancellationToken)
            ?? throw CliException.NotFound($"No orchestration instance has id '{instanceId}'.");
}
