using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Spectre.Console;

namespace EdgeFlows.Cli.Commands;

/// <summary><c>raise-event &lt;instanceId&gt; &lt;name&gt;</c>: sends an event a run waits for.</summary>
internal static class RaiseEventCommand
{
    public static Command Create(CliConsole console, GlobalOptions options)
    {
        var instanceId = new Argument<string>("instanceId") { Description = "The run's instance id." };
        var name = new Argument<string>("name") { Description = "The event's name, as the orchestrator waits for it." };
        var data = new Option<string?>("--data") { Description = "The event's data as JSON, e.g. '{\"approved\":true}' (default: none).", HelpName = "json" };
        var command = new Command("raise-event", "Send an event to a running instance.") { instanceId, name, data };

        CommandActions.Set(command, console, options, async context =>
        {
            var id = context.Parse.GetValue(instanceId)!;
            var eventName = context.Parse.GetValue(name)!;
            var payload = Parse(context.Parse.GetValue(data));
            await using var backend = context.OpenBackend();
            await backend.RaiseEventAsync(id, eventName, payload, context.CancellationToken);
            context.Write(new { instanceId = id, eventName, sent = true }, () => console.Ansi.WriteLine($"Sent event '{eventName}' to {id}."));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static JsonNode? Parse(string? json)
    {
        if (json is null)
        {
            return null;
        }

        try
        {
            // "null" parses to no data, as no --data does.
            return JsonNode.Parse(json);
        }
        catch (JsonException ex)
        {
            throw CliException.Usage($"Option '--data' is not valid JSON: {ex.Message}");
        }
    }
}
