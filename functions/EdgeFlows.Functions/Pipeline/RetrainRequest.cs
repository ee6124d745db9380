using EdgeFlows.Functions.Triggers.Blob;

namespace EdgeFlows.Functions.Pipeline;

/// <summary>
/// The input of a <see cref="Retrain"/> run: which dataset, which version of its data, what
/// started it and, optionally, which recipe and target to use.
/// </summary>
/// <remarks>
/// The blob trigger starts runs with a <see cref="DatasetSnapshot"/>, whose JSON reads as a
/// request by design: <c>dataset</c>, <c>container</c>, <c>prefix</c>, <c>trigger</c> and
/// <c>reason</c> have the same names and meaning, and its other fields (the changed blobs)
/// are not a pinned snapshot, so such a run trains on the dataset's latest data.
/// </remarks>
public sealed record RetrainRequest
{
    /// <summary>The dataset: 1–64 of <c>A-Z a-z 0-9 . _ -</c>. Required.</summary>
    public required string Dataset { get; init; }

    /// <summary>What started the run: <c>blob</c>, <c>http</c> or <c>schedule</c>. Default <c>http</c>.</summary>
    public string Trigger { get; init; } = RetrainTriggers.Http;

    /// <summary>Why, in words (the blob trigger says <c>marker</c> or <c>quiet-period</c>).</summary>
    public string? Reason { get; init; }

    /// <summary>The recipe to train with. Default: the dataset's, else <c>EdgeFlows:Retrain:DefaultRecipe</c>.</summary>
    public string? Recipe { get; init; }

    /// <summary>Train on this target only. Default: the best fit of the recipe's targets.</summary>
    public string? Target { get; init; }

    /// <summary>The container of the data. Default: the dataset's configured one.</summary>
    public string? Container { get; init; }

    /// <summary>The prefix of the dataset's blobs. Default: the dataset's configured one, else <c>training-data/{dataset}/</c>.</summary>
    public string? Prefix { get; init; }

    /// <summary>
    /// The exact data to train on, blob names and ETags (the run fails if one changed), or null
    /// for the latest: every non-empty blob under the prefix when the run starts.
    /// </summary>
    public IReadOnlyList<SnapshotBlob>? Snapshot { get; init; }

    /// <summary>The request a blob trigger snapshot stands for: the dataset's latest data.</summary>
    public static RetrainRequest FromSnapshot(DatasetSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        return new RetrainRequest
        {
            Dataset = snapshot.Dataset,
            Trigger = snapshot.Trigger,
            Reason = snapshot.Reason,
            Container = snapshot.Container,
            Prefix = snapshot.Prefix,
        };
    }
}

/// <summary>One blob of a pinned snapshot.</summary>
/// <param name="Name">The blob name within the container.</param>
/// <param name="ETag">Its ETag, without quotes.</param>
public sealed record SnapshotBlob(string Name, string ETag);

/// <summary>The values of <see cref="RetrainRequest.Trigger"/>.</summary>
public static class RetrainTriggers
{
    /// <summary>New data in blob storage (the blob trigger).</summary>
    public const string Blob = "blob";

    /// <summary>A request over HTTP (or the CLI).</summary>
    public const string Http = "http";

    /// <summary>A schedule (the timer trigger).</summary>
    public const string Schedule = "schedule";

    /// <summary>All of them.</summary>
    public static IReadOnlyList<string> All { get; } = [Blob, Http, Schedule];
}
