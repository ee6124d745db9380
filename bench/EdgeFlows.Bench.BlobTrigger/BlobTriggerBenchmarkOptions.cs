namespace EdgeFlows.Bench.BlobTrigger;

/// <summary>Settings of the blob-trigger benchmark (command line: <c>blob-trigger --blobs N --existing M ...</c>).</summary>
public sealed record BlobTriggerBenchmarkOptions
{
    /// <summary>New blobs uploaded and measured (<c>--blobs</c>). Default 200.</summary>
    public int Blobs { get; init; } = 200;

    /// <summary>Blobs the container holds before the measurement (<c>--existing</c>); the shortfall is uploaded first. Default 10,000.</summary>
    public int Existing { get; init; } = 10_000;

    /// <summary>Datasets the existing blobs are spread over. Default 100.</summary>
    public int Datasets { get; init; } = 100;

    /// <summary>
    /// Where the new blobs go (<c>--new-datasets</c>): 0 spreads them over the existing datasets
    /// (each new blob lands in a dataset that may have been quiet for long); K &gt; 0 puts them
    /// in K new datasets, as a few multi-file uploads would. Default 0.
    /// </summary>
    public int NewDatasets { get; init; }

    /// <summary>
    /// The watch's path pattern (<c>--watch-pattern</c>). The existing blobs always go under
    /// <c>training-data/</c>, the new ones under the pattern's prefix: with another prefix
    /// (<c>incoming/{dataset}/{*path}</c>, say) the existing blobs are in the container but
    /// outside the watch, as in a container that keeps its history. Default
    /// <c>training-data/{dataset}/{*path}</c>: every existing blob is watched.
    /// </summary>
    public string WatchPattern { get; init; } = "training-data/{dataset}/{*path}";

    /// <summary>New blobs uploaded per second, at a steady pace (<c>--rate</c>). Default 20.</summary>
    public double UploadRate { get; init; } = 20;

    /// <summary>A storage connection string (<c>--connection</c>); null starts Azurite for the run.</summary>
    public string? Connection { get; init; }

    /// <summary>The container (<c>--container</c>); null creates a fresh one (and deletes it after). A named one is kept, so its blobs can be reused.</summary>
    public string? Container { get; init; }

    /// <summary>The trigger's poll interval (<c>--poll-interval</c>). Default 1 s.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The trigger's longest idle back-off (<c>--max-poll-interval</c>); null: the poll interval (no back-off while measuring).</summary>
    public TimeSpan? MaxPollInterval { get; init; }

    /// <summary>The trigger's parallel dataset listings (<c>--list-concurrency</c>); null: the trigger's default.</summary>
    public int? ListConcurrency { get; init; }

    /// <summary>Longest wait for the baseline and for each new blob's report. Default 30 min.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>Writes progress lines (to stderr, say); null for none.</summary>
    public Action<string>? Progress { get; init; }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first bad setting.</summary>
    public void Validate()
    {
        Require(Blobs >= 1, "--blobs", "must be at least 1");
        Require(Existing >= 0, "--existing", "must not be negative");
        Require(Datasets is >= 1 and <= 10_000, "--datasets", "must be between 1 and 10000");
        Require(NewDatasets >= 0, "--new-datasets", "must not be negative");
        Require(UploadRate > 0, "--rate", "must be positive");
        Require(PollInterval >= TimeSpan.FromMilliseconds(100), "--poll-interval", "must be at least 100 ms");
        Require(MaxPollInterval is null || MaxPollInterval >= PollInterval, "--max-poll-interval", "must not be shorter than --poll-interval");
        Require(ListConcurrency is null or (>= 1 and <= 64), "--list-concurrency", "must be between 1 and 64");
        try
        {
            Functions.Triggers.Blob.BlobPathPattern.Parse(WatchPattern);
        }
        catch (FormatException ex)
        {
            Require(false, "--watch-pattern", $"is not valid: {ex.Message}");
        }
    }

    private static void Require(bool condition, string option, string problem)
    {
        if (!condition)
        {
            throw new ArgumentException($"{option} {problem}.", option);
        }
    }
}
