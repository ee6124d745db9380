// The CLI's entry point, shared by Program.Main and the tests: builds the command tree for a
// console, parses, and runs. Parse errors exit 2 (System.CommandLine's default is 1, which
// the CLI keeps for failed runs); help lists the exit codes.
using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using EdgeFlows.Cli.Commands;

namespace EdgeFlows.Cli;

/// <summary>The <c>edgeflows</c> command.</summary>
public static class EdgeFlowsCli
{
    /// <summary>Runs the CLI with <paramref name="args"/> on <paramref name="console"/> and returns the exit code.</summary>
    public static async Task<int> RunAsync(string[] args, CliConsole console, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(console);
        var root = Build(console);
        var parse = root.Parse(args);
        if (parse.Action is ParseErrorAction)
        {
            var json = args.Contains("--json", StringComparer.Ordinal);
            var command = parse.CommandResult.Command;
            var usage = command is RootCommand ? "edgeflows --help" : $"edgeflows {command.Name} --help";
            var message = string.Join(" ", parse.Errors.Select(e => e.Message));
            CommandActions.Report(console, json, ExitCodes.Usage, json ? message : $"{message}\nSee '{usage}'.");
            return ExitCodes.Usage;
        }

        var invocation = new InvocationConfiguration
        {
            Output = console.Out,
            Error = console.Error,
            EnableDefaultExceptionHandler = false,
            // Program.Main turns Ctrl-C into the cancellation token; in-process callers own theirs.
            ProcessTerminationTimeout = null,
        };
        return await parse.InvokeAsync(invocation, cancellationToken);
    }

    /// <summary>The command tree, with actions writing to <paramref name="console"/>.</summary>
    public static RootCommand Build(CliConsole console)
    {
        ArgumentNullException.ThrowIfNull(console);
        var options = new GlobalOptions();
        var root = new RootCommand(
            "EdgeFlows: start, watch and manage retrain runs, and read the model registry, against the app's " +
            "store (--store for its SQLite file, --postgres for its PostgreSQL database) or the running app (--url and --key).");
        options.AddTo(root);
        root.Subcommands.Add(StartCommand.Create(console, options));
        root.Subcommands.Add(StatusCommand.Create(console, options));
        root.Subcommands.Add(ListCommand.Create(console, options));
        root.Subcommands.Add(WatchCommand.Create(console, options));
        root.Subcommands.Add(RaiseEventCommand.Create(console, options));
        root.Subcommands.Add(TerminateCommand.Create(console, options));
        root.Subcommands.Add(PurgeCommand.Create(console, options));
        root.Subcommands.Add(ModelsCommand.Create(console, options));

        var help = root.Options.OfType<HelpOption>().Single();
        help.Action = new HelpWithExitCodes((HelpAction)help.Action!);
        return root;
    }

    /// <summary>The default help, then the exit codes.</summary>
    private sealed class HelpWithExitCodes(HelpAction help) : SynchronousCommandLineAction
    {
        public override int Invoke(ParseResult parseResult)
        {
            help.Invoke(parseResult);
            var output = parseResult.InvocationConfiguration.Output;
            output.WriteLine("Exit codes:");
            foreach (var (code, meaning) in ExitCodes.All)
            {
                output.WriteLine($"  {code,-5}{meaning}");
            }

            output.WriteLine();
            output.WriteLine("Docs: docs/cli.md");
            return ExitCodes.Ok;
        }
    }
}
