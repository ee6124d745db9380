// Watches a run with the edgeflows CLI, as a user would: `edgeflows watch <id>` in a child
// process writing to the demo's own output (a live table on a terminal, plain lines in a log
// or under CI=true). The app's address and host key go in EDGEFLOWS_URL and EDGEFLOWS_KEY, so
// the key never shows in a process list. The run's final status is then read over HTTP.
using System.Diagnostics;
using System.Globalization;
using EdgeFlows.Samples.Demo.App;
using Spectre.Console;

namespace EdgeFlows.Samples.Demo.Watch;

/// <summary>Runs <c>edgeflows watch</c>.</summary>
/// <param name="cliDll">The CLI's dll (run with <c>dotnet</c>).</param>
/// <param name="appUrl">The app.</param>
/// <param name="hostKey">Its host key (the management API needs it).</param>
/// <param name="app">Reads the final status.</param>
/// <param name="console">Where the command line is shown.</param>
public sealed class CliWatcher(string cliDll, Uri appUrl, string hostKey, AppClient app, IAnsiConsole console)
{
    /// <summary>The CLI's exit code when the run completed.</summary>
    private const int Completed = 0;

    /// <summary>The CLI's exit code when the run failed or was terminated.</summary>
    private const int RunFailed = 1;

    /// <summary>The CLI's exit code when <c>--timeout</c> passed first.</summary>
    private const int TimedOut = 6;

    /// <summary>Follows the run until it ends; returns its final status.</summary>
    /// <exception cref="TimeoutException">It did not end within <paramref name="timeout"/>.</exception>
    public async Task<RunStatus> WatchAsync(string instanceId, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var seconds = Math.Max(1, (int)timeout.TotalSeconds).ToString(CultureInfo.InvariantCulture) + "s";
        console.MarkupLineInterpolated($"  [grey]$ edgeflows watch {instanceId} --timeout {seconds}[/]");
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false };
        foreach (var argument in new[] { cliDll, "watch", instanceId, "--timeout", seconds })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["EDGEFLOWS_URL"] = appUrl.ToString().TrimEnd('/');
        start.Environment["EDGEFLOWS_KEY"] = hostKey;
        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start the edgeflows CLI.");
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // Stopping the demo stops the watching (never the run: that is the app's).
            process.Kill();
            throw;
        }

        console.WriteLine();
        return process.ExitCode switch
        {
            Completed or RunFailed => await app.GetRunAsync(instanceId, cancellationToken),
            TimedOut => throw new TimeoutException($"Run {instanceId} did not finish within {seconds}."),
            var code => throw new IOException($"edgeflows watch exited with {code}; see its error above."),
        };
    }
}
