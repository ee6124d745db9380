using System.CommandLine;
using EdgeFlows.Cli.Watch;

namespace EdgeFlows.Cli.Commands;

/// <summary><c>watch &lt;instanceId&gt;</c>: follows a run step by step to its end.</summary>
internal static class WatchCommand
{
    public static Command Create(CliConsole console, GlobalOptions options)
    {
        var instanceId = new Argument<string>("instanceId") { Description = "The run's instance id." };
        var watchOptions = new WatchOptions();
        var command = new Command(
            "watch",
            "Follow a run step by step until it finishes: a live table on a terminal, a line per change otherwise. " +
            "Exits 0 when it completed, 1 when it failed or was terminated, 6 on --timeout.")
        {
            instanceId,
        };
        watchOptions.AddTo(command);

        CommandActions.Set(command, console, options, async context =>
        {
            await using var backend = context.OpenBackend();
            return await WatchLoop.RunAsync(
                context, backend, context.Parse.GetValue(instanceId)!, context.Parse.GetValue(watchOptions.Interval), context.Parse.GetValue(watchOptions.Timeout));
        });
        return command;
    }
}
