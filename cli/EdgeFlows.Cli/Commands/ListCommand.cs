using System.CommandLine;
using EdgeFlows.Cli.Backends;
using EdgeFlows.Cli.Output;
using EdgeFlows.Cli.Runs;
using EdgeFlows.Durable;

namespace EdgeFlows.Cli.Commands;

/// <summary><c>list</c>: Retrain runs, newest first.</summary>
internal static class ListCommand
{
    public static Command Create(CliConsole console, GlobalOptions options)
    {
        var status = new Option<OrchestrationRuntimeStatus[]?>("--status")
        {
            Description = "Only runs with these statuses (comma-separated or repeated): Pending, Running, Completed, Failed, Terminated, Suspended.",
            HelpName = "status",
            AllowMultipleArgumentsPerToken = false,
            CustomParser = ValueParsers.Statuses("--status"),
        };
        var dataset = new Option<string?>("--dataset") { Description = "Only runs of this dataset.", HelpName = "name" };
        var top = new Option<int>("--top")
        {
            Description = $"Show at most this many runs (default {RunListing.DefaultTop}).",
            HelpName = "n",
            DefaultValueFactory = _ => RunListing.DefaultTop,
            CustomParser = ValueParsers.PositiveInt("Option '--top'"),
        };
        var all = new Option<bool>("--all") { Description = "Show every matching run (all pages)." };
        var continuation = new Option<string?>("--continuation-token") { Description = "Go on from the continuationToken of a previous --json page.", HelpName = "token" };
        var command = new Command("list", "List retrain runs, newest first.") { status, dataset, top, all, continuation };

        CommandActions.Set(command, console, options, async context =>
        {
            var parse = context.Parse;
            var filter = new RunFilter(ValueParsers.NullIfEmpty(parse.GetValue(status)), parse.GetValue(dataset));
            var limit = parse.GetValue(all) ? int.MaxValue : parse.GetValue(top);
            await using var backend = context.OpenBackend();

            var runs = new List<RunSummary>();
            var token = parse.GetValue(continuation);
            do
            {
                var page = await backend.ListRunsAsync(filter, Math.Min(limit - runs.Count, RunListing.MaxPageSize), token, context.CancellationToken);
                runs.AddRange(page.Items);
                token = page.ContinuationToken;
            }
            while (token is not null && runs.Count < limit);

            context.Write(new { items = runs, continuationToken = token }, () => RunListView.Write(console.Ansi, runs, token is not null));
            return ExitCodes.Ok;
        });
        return command;
    }
}
