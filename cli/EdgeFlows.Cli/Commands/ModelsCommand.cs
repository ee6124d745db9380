using System.CommandLine;
using EdgeFlows.Activities.Models;
using EdgeFlows.Cli.Backends;
using EdgeFlows.Cli.Output;

namespace EdgeFlows.Cli.Commands;

/// <summary><c>models list</c> and <c>models show &lt;name&gt; &lt;version&gt;</c>: the model registry.</summary>
internal static class ModelsCommand
{
    private const int DefaultTop = 50;

    public static Command Create(CliConsole console, GlobalOptions options)
    {
        var models = new Command("models", "Read the model registry.");
        models.Subcommands.Add(List(console, options));
        models.Subcommands.Add(Show(console, options));
        return models;
    }

    private static Command List(CliConsole console, GlobalOptions options)
    {
        var name = new Option<string?>("--name") { Description = "Only versions of this model.", HelpName = "model" };
        var stage = new Option<ModelStage?>("--stage")
        {
            Description = "Only versions in this stage: Candidate, Promoted, Rejected, Archived.",
            HelpName = "stage",
            CustomParser = ValueParsers.Stage("--stage"),
        };
        var tag = new Option<string?>("--tag") { Description = "Only versions with this tag: key=value, or key for any value.", HelpName = "key=value" };
        var top = new Option<int>("--top") { Description = $"Show at most this many versions (default {DefaultTop}).", HelpName = "n", DefaultValueFactory = _ => DefaultTop, CustomParser = ValueParsers.PositiveInt("Option '--top'") };
        var all = new Option<bool>("--all") { Description = "Show every matching version (all pages)." };
        var command = new Command("list", "List model versions by model name, newest version first.") { name, stage, tag, top, all };

        CommandActions.Set(command, console, options, async context =>
        {
            var parse = context.Parse;
            var (tagKey, tagValue) = Tag(parse.GetValue(tag));
            var filter = new ModelFilter(parse.GetValue(name), parse.GetValue(stage), tagKey, tagValue);
            var limit = parse.GetValue(all) ? int.MaxValue : parse.GetValue(top);
            await using var backend = context.OpenBackend();

            var versions = new List<ModelVersion>();
            string? token = null;
            do
            {
                var page = await backend.ListModelsAsync(filter, Math.Min(limit - versions.Count, 100), token, context.CancellationToken);
                versions.AddRange(page.Versions);
                token = page.ContinuationToken;
            }
            while (token is not null && versions.Count < limit);

            context.Write(new { items = versions, continuationToken = token }, () => ModelViews.WriteList(console.Ansi, versions, token is not null));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Show(CliConsole console, GlobalOptions options)
    {
        var name = new Argument<string>("name") { Description = "The model's name." };
        var version = new Argument<int>("version")
        {
            Description = "The version number.",
            CustomParser = ValueParsers.PositiveInt("The version"),
        };
        var command = new Command("show", "Show one model version: stage, metrics, tags, artifact, image and lineage.") { name, version };

        CommandActions.Set(command, console, options, async context =>
        {
            var model = context.Parse.GetValue(name)!;
            var number = context.Parse.GetValue(version);
            await using var backend = context.OpenBackend();
            var found = await backend.GetModelAsync(model, number, context.CancellationToken)
                ?? throw CliException.NotFound($"The model registry has no version {number} of model '{model}'.");
            context.Write(found, () => ModelViews.WriteOne(console.Ansi, found));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static (string? Key, string? Value) Tag(string? tag)
    {
        if (tag is null)
        {
            return (null, null);
        }

        var separator = tag.IndexOf('=', StringComparison.Ordinal);
        var key = separator < 0 ? tag : tag[..separator];
        if (string.IsNullOrWhiteSpace(key))
        {
            throw CliException.Usage($"Option '--tag' must be key=value or key, with a key (got '{tag}').");
        }

        return separator < 0 ? (key, null) : (key, tag[(separator + 1)..]);
    }
}
