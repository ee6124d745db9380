using System.CommandLine;
using EdgeFlows.Cli.Backends.Local;
using EdgeFlows.Cli.Runs;
using EdgeFlows.Cli.Watch;
using Spectre.Console;

namespace EdgeFlows.Cli.Commands;

/// <summary><c>start &lt;dataset&gt;</c>: starts a Retrain run.</summary>
internal static class StartCommand
{
    public static Command Create(CliConsole console, GlobalOptions options)
    {
        var dataset = new Argument<string>("dataset") { Description = "The dataset to retrain (its data under training-data/<dataset>/)." };
        var recipe = new Option<string?>("--recipe") { Description = "The training recipe (default: the dataset's).", HelpName = "name" };
        var target = new Option<string?>("--target") { Description = "Train on this target only (default: the best fit).", HelpName = "name" };
        var reason = new Option<string?>("--reason") { Description = "Why, kept with the run.", HelpName = "text" };
        var requestId = new Option<string?>("--request-id")
        {
            Description = "Makes the start idempotent: the same id for the same dataset gives the same run.",
            HelpName = "id",
        };
        var watch = new Option<bool>("--watch") { Description = "Then watch the run until it finishes (exit codes as watch)." };
        var watchOptions = new WatchOptions();
        var command = new Command("start", "Start a retrain of a dataset; prints the run's instance id.") { dataset, recipe, target, reason, requestId, watch };
        watchOptions.AddTo(command);

        CommandActions.Set(command, console, options, async context =>
        {
            var parse = context.Parse;
            var request = new RetrainStart(parse.GetValue(dataset)!, parse.GetValue(recipe), parse.GetValue(target), parse.GetValue(reason), parse.GetValue(requestId));
            request.Validate();
            await using var backend = context.OpenBackend();
            var started = await backend.StartRetrainAsync(request, context.CancellationToken);
            if (parse.GetValue(watch))
            {
                if (!context.Json)
                {
                    console.Ansi.WriteLine($"Started {started.InstanceId}.");
                }

                return await WatchLoop.RunAsync(context, backend, started.InstanceId, parse.GetValue(watchOptions.Interval), parse.GetValue(watchOptions.Timeout));
            }

            context.Write(new { instanceId = started.InstanceId, dataset = started.Dataset }, () =>
            {
                console.Ansi.WriteLine($"Started a retrain of '{started.Dataset}': {started.InstanceId}");
                if (backend is LocalBackend)
                {
                    console.Ansi.WriteLine("It is queued in the store; the app running on this store picks it up.");
                }

                console.Ansi.WriteLine($"Follow it with: edgeflows watch {started.InstanceId}");
            });
            return ExitCodes.Ok;
        });
        return command;
    }
}
