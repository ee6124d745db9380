// Runs the CLI in-process through its entry point (EdgeFlowsCli.RunAsync, what Program.Main
// calls) with stdout and stderr captured, an environment of the test's choosing (never the
// machine's), and a time limit, so a hanging command fails its test instead of the run.
using System.Text.Json.Nodes;
using EdgeFlows.Cli;

namespace EdgeFlows.Cli.Tests.Infrastructure;

/// <summary>What one CLI invocation printed and exited with.</summary>
public sealed record CliResult(int ExitCode, string Out, string Error)
{
    /// <summary>Stdout as the one JSON document --json promises.</summary>
    public JsonNode Json() => JsonNode.Parse(Out) ?? throw new InvalidOperationException($"stdout is JSON null: {Out}");

    /// <summary>Stderr as the one JSON error document --json promises.</summary>
    public JsonNode ErrorJson() => JsonNode.Parse(Error) ?? throw new InvalidOperationException($"stderr is JSON null: {Error}");

    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Out}\n--- stderr\n{Error}";
}

/// <summary>Runs <c>edgeflows</c> in-process.</summary>
public static class CliRun
{
    public static Task<CliResult> RunAsync(params string[] args) => RunAsync(args, environment: null);

    public static async Task<CliResult> RunAsync(string[] args, IReadOnlyDictionary<string, string>? environment, bool interactive = false, TimeSpan? timeout = null)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        using var cancellation = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        var console = CliConsole.ForWriters(output, error, environment, interactive);
        var code = await EdgeFlowsCli.RunAsync(args, console, cancellation.Token);
        if (cancellation.IsCancellationRequested)
        {
            throw new TimeoutException($"edgeflows {string.Join(' ', args)} did not finish in time.\n{output}\n{error}");
        }

        return new CliResult(code, output.ToString(), error.ToString());
    }
}
