// Every command's action runs through here: failures become one message (or one JSON error
// document with --json) on stderr and an exit code, Ctrl-C becomes 130, and an unexpected
// exception becomes exit 7 with its type and message rather than a stack trace.
using System.CommandLine;
using EdgeFlows.Cli.Output;

namespace EdgeFlows.Cli.Commands;

/// <summary>Sets command actions that map failures to exit codes.</summary>
internal static class CommandActions
{
    public static void Set(Command command, CliConsole console, GlobalOptions options, Func<CommandContext, Task<int>> action) =>
        command.SetAction(async (parse, cancellationToken) =>
        {
            var context = new CommandContext(parse, console, options, cancellationToken);
            try
            {
                return await action(context);
            }
            catch (CliException ex)
            {
                return Fail(context, ex.ExitCode, ex.Message);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return Fail(context, ExitCodes.Interrupted, "Interrupted.");
            }
#pragma warning disable CA1031 // The CLI's last line of defence: report any failure as a message and an exit code.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                return Fail(context, ExitCodes.Error, $"Unexpected error: {ex.GetType().Name}: {ex.Message}");
            }
        });

    /// <summary>Reports a failure on stderr and returns its exit code.</summary>
    public static int Fail(CommandContext context, int exitCode, string message)
    {
        ArgumentNullException.ThrowIfNull(context);
        Report(context.Console, context.Json, exitCode, message);
        return exitCode;
    }

    /// <summary>Writes a failure to stderr: one JSON error document, or <c>error: message</c>.</summary>
    public static void Report(CliConsole console, bool json, int exitCode, string message)
    {
        ArgumentNullException.ThrowIfNull(console);
        if (json)
        {
            JsonOutput.WriteError(console.Error, exitCode, message);
        }
        else
        {
            console.Error.WriteLine($"error: {message}");
            console.Error.Flush();
        }
    }
}
