using EdgeFlows.Activities.Models;
using Spectre.Console;

namespace EdgeFlows.Cli.Output;

/// <summary>The human views of <c>models list</c> and <c>models show</c>.</summary>
public static class ModelViews
{
    /// <summary>A table of versions with their stage, main metrics and image.</summary>
    public static void WriteList(IAnsiConsole console, IReadOnlyList<ModelVersion> versions, bool more)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(versions);
        if (versions.Count == 0)
        {
            console.WriteLine("No model versions match.");
            return;
        }

        var table = new Table().Border(TableBorder.Rounded).AddColumns("Model", "Version", "Stage", "Metrics", "Dataset", "Image", "Created");
        foreach (var v in versions)
        {
            table.AddRow(
                new Text(v.Name),
                new Text(v.Version.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                new Markup($"[{StageColor(v.Stage)}]{v.Stage}[/]"),
                new Text(Metrics(v, 3)),
                new Text(v.Lineage.Dataset),
                new Text(v.ImageReference ?? "-"),
                new Text(Formats.Time(v.CreatedAt)));
        }

        console.Write(table);
        console.WriteLine(more ? $"{versions.Count} versions shown; more match (use --top N or --all)." : $"{versions.Count} version{(versions.Count == 1 ? string.Empty : "s")}.");
    }

    /// <summary>One version in full: stage and why, metrics, tags, artifact, image, lineage.</summary>
    public static void WriteOne(IAnsiConsole console, ModelVersion version)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(version);
        var grid = new Grid().AddColumn(new GridColumn().NoWrap().PadRight(2)).AddColumn();
        void Add(string key, string? value)
        {
            if (value is not null)
            {
                grid.AddRow(new Markup($"[bold]{Markup.Escape(key)}[/]"), new Text(value));
            }
        }

        Add("Model", $"{version.Name} v{version.Version}");
        grid.AddRow(new Markup("[bold]Stage[/]"), new Markup($"[{StageColor(version.Stage)}]{version.Stage}[/]{(version.StageReason is null ? string.Empty : " — " + Markup.Escape(version.StageReason))}"));
        Add("Metrics", version.Metrics.Count == 0 ? "-" : Metrics(version, int.MaxValue));
        Add("Tags", version.Tags.Count == 0 ? "-" : string.Join(", ", version.Tags.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => $"{t.Key}={t.Value}")));
        Add("Artifact", version.ArtifactUri);
        Add("Image", version.ImageReference is null ? null : version.ImageDigest is null ? version.ImageReference : $"{version.ImageReference} @ {version.ImageDigest}");
        var lineage = version.Lineage;
        Add("Dataset", lineage.Dataset);
        Add("Data", lineage.DataFingerprint is null ? null : lineage.Blobs is { } blobs ? $"{lineage.DataFingerprint} ({blobs} blobs)" : lineage.DataFingerprint);
        Add("Run", version.RunId);
        Add("Instance", lineage.InstanceId);
        Add("Trained on", lineage.Target);
        Add("Recipe", lineage.CodeVersion is null ? lineage.Recipe : $"{lineage.Recipe} ({lineage.CodeVersion})");
        Add("Trigger", lineage.Trigger);
        Add("Created", Formats.Time(version.CreatedAt));
        Add("Updated", Formats.Time(version.UpdatedAt));
        console.Write(grid);
    }

    private static string Metrics(ModelVersion version, int most) =>
        string.Join(" · ", version.Metrics.OrderBy(m => m.Key, StringComparer.Ordinal).Take(most).Select(m => $"{m.Key} {Formats.Number(m.Value)}"))
        + (version.Metrics.Count > most ? " …" : string.Empty);

    private static string StageColor(ModelStage stage) => stage switch
    {
        ModelStage.Promoted => "green",
        ModelStage.Rejected => "red",
        ModelStage.Archived => "grey",
        _ => "yellow",
    };
}
