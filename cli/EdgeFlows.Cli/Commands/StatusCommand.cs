using System.CommandLine;
using EdgeFlows.Cli.Output;

namespace EdgeFlows.Cli.Commands;

/// <summary><c>status &lt;instanceId&gt;</c>: one run's status, steps and result.</summary>
internal static class StatusCommand
{
    public static Command Create(CliConsole console, GlobalOptions options)
    {
        var instanceId = new Argument<string>("instanceId") { Description = "The run's instance id." };
        var history = new Option<bool>("--history") { Description = "Also show every history event." };
        var command = new Command("status", "Show a run: its status, steps, and result or failure (exit 0 whatever the run's status).") { instanceId, history };

        CommandActions.Set(command, console, options, async context =>
        {
            var id = context.Parse.GetValue(instanceId)!;
            var showHistory = context.Parse.GetValue(history);
            await using var backend = context.OpenBackend();

            // People always see the steps, which come from the history; JSON has it only when asked.
            var run = await backend.GetRunAsync(id, includeHistory: showHistory || !context.Json, context.CancellationToken)
                ?? throw CliException.NotFound($"No orchestration instance has id '{id}'.");
            context.Write(RunStatusJson.From(run), () => RunStatusView.Write(console.Ansi, run, context.Now, showHistory));
            return ExitCodes.Ok;
        });
        return command;
    }
}
