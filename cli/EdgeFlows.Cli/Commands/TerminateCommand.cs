using System.CommandLine;
using Spectre.Console;

namespace EdgeFlows.Cli.Commands;

/// <summary><c>terminate &lt;instanceId&gt;</c>: ends a running instance.</summary>
internal static class TerminateCommand
{
    public static Command Create(CliConsole console, GlobalOptions options)
    {
        var instanceId = new Argument<string>("instanceId") { Description = "The run's instance id." };
        var reason = new Option<string?>("--reason") { Description = "Why, kept in the run's history.", HelpName = "text" };
        var command = new Command("terminate", "Terminate a running instance at its next turn (activities already running finish).") { instanceId, reason };

        CommandActions.Set(command, console, options, async context =>
        {
            var id = context.Parse.GetValue(instanceId)!;
            var why = context.Parse.GetValue(reason);
            if (why is not null && (why.Length > 1000 || why.Any(char.IsControl)))
            {
                throw CliException.Usage("Option '--reason' must be at most 1000 characters without control characters.");
            }

            await using var backend = context.OpenBackend();
            await backend.TerminateAsync(id, why, context.CancellationToken);
            context.Write(new { instanceId = id, terminateRequested = true }, () => console.Ansi.WriteLine($"Asked {id} to terminate; it ends at its next turn."));
            return ExitCodes.Ok;
        });
        return command;
    }
}
