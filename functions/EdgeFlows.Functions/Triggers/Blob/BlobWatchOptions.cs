using System.Text.RegularExpressions;
using EdgeFlows.Activities.Storage;

namespace EdgeFlows.Functions.Triggers.Blob;

/// <summary>
/// One container (and prefix) the blob trigger watches; an item of
/// <c>EdgeFlows:BlobTrigger:Watches</c>. Every value has a documented default.
/// </summary>
public sealed partial class BlobWatchOptions
{
    /// <summary>
    /// The watch's name: 1–64 of <c>A-Z a-z 0-9 . _ -</c>, unique among watches. It prefixes
    /// receipts and watcher instance ids, so renaming a watch reports every blob again.
    /// Default: the container name.
    /// </summary>
    public string? Name { get; set; }

    /// <summary>
    /// The storage connection string (see StorageConnectionString). Default: the trigger's
    /// <see cref="BlobTriggerOptions.ConnectionString"/>.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>The container to watch. Required.</summary>
    public string Container { get; set; } = string.Empty;

    /// <summary>
    /// Only blobs under this prefix are listed. Default: the literal part of
    /// <see cref="PathPattern"/> before <c>{dataset}</c> (<c>training-data/</c>).
    /// </summary>
    public string? Prefix { get; set; }

    /// <summary>Maps blob names to datasets (see <see cref="BlobPathPattern"/>). Default <c>training-data/{dataset}/{*path}</c>.</summary>
    public string PathPattern { get; set; } = BlobPathPattern.Default;

    /// <summary>The orchestration a ready dataset runs, with a <see cref="DatasetSnapshot"/> input. Default "Retrain".</summary>
    public string Orchestrator { get; set; } = "Retrain";

    /// <summary>When a dataset is ready. Default <see cref="DatasetReadiness.Either"/>: the marker or the quiet period, whichever is first.</summary>
    public DatasetReadiness Readiness { get; set; } = DatasetReadiness.Either;

    /// <summary>How long without new blobs makes a dataset ready. Default 30 s.</summary>
    public TimeSpan QuietPeriod { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The last path segment of the marker blob. Default <c>_SUCCESS</c> (as Spark and Hadoop write it).</summary>
    public string MarkerName { get; set; } = "_SUCCESS";

    /// <summary>
    /// Blobs under these prefixes are never reported: the product's own outputs. Default
    /// (when not set) <see cref="DefaultIgnorePrefixes"/>; setting it replaces the default.
    /// </summary>
    public IList<string>? IgnorePrefixes { get; set; }

    /// <summary>The ignore prefixes when none are configured: <c>models/</c>.</summary>
    public static IReadOnlyList<string> DefaultIgnorePrefixes { get; } = ["models/"];

    /// <summary>The name in effect: <see cref="Name"/>, or the container's.</summary>
    public string EffectiveName => string.IsNullOrEmpty(Name) ? Container : Name;

    /// <summary>Reports each problem through <paramref name="require"/> with the key below <paramref name="keyPath"/>.</summary>
    internal void Validate(string keyPath, string? defaultConnectionString, ISet<string> namesSoFar, Action<bool, string, string> require)
    {
        require(ContainerName().IsMatch(Container) && !Container.Contains("--", StringComparison.Ordinal), $"{keyPath}:{nameof(Container)}",
            "must be a container name: 3 to 63 lowercase letters, digits and single hyphens, starting and ending with a letter or digit");
        require(BlobPathPattern.IsValidDatasetName(EffectiveName), $"{keyPath}:{nameof(Name)}", "must be 1 to 64 of A-Z a-z 0-9 . _ - (default: the container name)");
        require(namesSoFar.Add(EffectiveName), $"{keyPath}:{nameof(Name)}", $"'{EffectiveName}' is used by another watch; give each watch of one container its own Name");
        var connection = string.IsNullOrWhiteSpace(ConnectionString) ? defaultConnectionString : ConnectionString;
        if (string.IsNullOrWhiteSpace(connection))
        {
            require(false, $"{keyPath}:{nameof(ConnectionString)}", $"is missing (set it here or in {BlobTriggerOptions.SectionName}:ConnectionString)");
        }
        else
        {
            try
            {
                StorageConnectionString.Parse(connection);
            }
            catch (FormatException ex)
            {
                // The parser's message names the bad setting and never echoes a key.
                require(false, $"{keyPath}:{nameof(ConnectionString)}", $"is not valid: {ex.Message}");
            }
        }

        try
        {
            BlobPathPattern.Parse(PathPattern);
        }
        catch (FormatException ex)
        {
            require(false, $"{keyPath}:{nameof(PathPattern)}", $"is not valid: {ex.Message}");
        }

        require(Prefix is null || !Prefix.Any(char.IsControl), $"{keyPath}:{nameof(Prefix)}", "must not contain control characters");
        require(!string.IsNullOrWhiteSpace(Orchestrator), $"{keyPath}:{nameof(Orchestrator)}", "must name an orchestration");
        require(QuietPeriod > TimeSpan.Zero && QuietPeriod <= TimeSpan.FromDays(7), $"{keyPath}:{nameof(QuietPeriod)}", "must be more than 0 and at most 7 days");
        require(
            !string.IsNullOrEmpty(MarkerName) && !MarkerName.Contains('/', StringComparison.Ordinal) && !MarkerName.Any(char.IsControl),
            $"{keyPath}:{nameof(MarkerName)}",
            "must be a file name without '/' or control characters");
        require(Enum.IsDefined(Readiness), $"{keyPath}:{nameof(Readiness)}", "must be QuietPeriod, Marker or Either");
        for (var i = 0; i < (IgnorePrefixes?.Count ?? 0); i++)
        {
            require(!string.IsNullOrEmpty(IgnorePrefixes![i]), $"{keyPath}:{nameof(IgnorePrefixes)}:{i}", "must not be empty (it would ignore every blob)");
        }
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$", RegexOptions.CultureInvariant)]
    private static partial Regex ContainerName();
}
