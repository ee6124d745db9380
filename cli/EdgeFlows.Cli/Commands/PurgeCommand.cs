using System.CommandLine;
using EdgeFlows.Cli.Backends;
using EdgeFlows.Durable;
using Spectre.Console;

namespace EdgeFlows.Cli.Commands;

/// <summary><c>purge &lt;instanceId&gt;</c>, or <c>purge --created-after …</c>: deletes finished instances and their history.</summary>
internal static class PurgeCommand
{
    public static Command Create(CliConsole console, GlobalOptions options)
    {
        var instanceId = new Argument<string?>("instanceId") { Description = "The finished instance to delete.", Arity = ArgumentArity.ZeroOrOne };
        var after = new Option<DateTimeOffset?>("--created-after")
        {
            Description = "Bulk: delete finished instances created at or after this time or age (2026-01-01, 30d).",
            HelpName = "time",
            CustomParser = ValueParsers.Time("--created-after", console.Time),
        };
        var before = new Option<DateTimeOffset?>("--created-before")
        {
            Description = "Bulk: …and created before this time or age (default now).",
            HelpName = "time",
            CustomParser = ValueParsers.Time("--created-before", console.Time),
        };
        var status = new Option<OrchestrationRuntimeStatus[]?>("--status")
        {
            Description = "Bulk: only these finished statuses (Completed, Failed, Terminated; default all three).",
            HelpName = "status",
            CustomParser = ValueParsers.Statuses("--status", terminalOnly: true),
        };
        var command = new Command("purge", "Delete a finished instance and its history, or (with --created-after) every finished instance in a time range.")
        {
            instanceId, after, before, status,
        };

        CommandActions.Set(command, console, options, async context =>
        {
            var parse = context.Parse;
            var id = parse.GetValue(instanceId);
            var from = parse.GetValue(after);
            var to = parse.GetValue(before);
            var statuses = ValueParsers.NullIfEmpty(parse.GetValue(status));
            if (id is not null && (from is not null || to is not null || statuses is not null))
            {
                throw CliException.Usage("Give an instance id, or --created-after (with --created-before and --status) for a bulk purge, not both.");
            }

            if (id is null && from is null)
            {
                throw CliException.Usage("Give the instance id to purge, or --created-after for a bulk purge.");
            }

            await using var backend = context.OpenBackend();
            int deleted;
            if (id is not null)
            {
                await backend.PurgeAsync(id, context.CancellationToken);
                deleted = 1;
            }
            else
            {
                deleted = await backend.PurgeManyAsync(new PurgeRequest(from!.Value, to, statuses), context.CancellationToken);
            }

            context.Write(new { instancesDeleted = deleted }, () => console.Ansi.WriteLine(
                id is not null ? $"Purged {id}." : $"Purged {deleted} finished instance{(deleted == 1 ? string.Empty : "s")}."));
            return ExitCodes.Ok;
        });
        return command;
    }
}
