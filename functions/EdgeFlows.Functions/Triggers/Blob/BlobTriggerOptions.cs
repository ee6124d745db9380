using EdgeFlows.Activities.Storage;

namespace EdgeFlows.Functions.Triggers.Blob;

/// <summary>
/// The blob trigger's settings (section <c>EdgeFlows:BlobTrigger</c>). Every value is
/// documented with its default; <see cref="Validate"/> names the key of each bad value.
/// </summary>
public sealed class BlobTriggerOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "EdgeFlows:BlobTrigger";

    /// <summary>The connection string of watches that name none. Default: none (each watch then needs its own).</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Time between polls of a watch while blobs keep changing. Default 5 s.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Longest time between polls: an idle watch (nothing new) doubles its wait up to this, and
    /// a failing one (storage down, refused key) retries with the same back-off. Any change
    /// brings it back to <see cref="PollInterval"/>. Default 60 s.
    /// </summary>
    public TimeSpan MaxPollInterval { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Timeout of each storage request (each try). Default 30 s.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Retries of a storage request refused with a transient status (500, 503, ...). Default 2.</summary>
    public int MaxRetries { get; set; } = 2;

    /// <summary>Blobs per List Blobs page (1–5000). Default 5000, the service's maximum.</summary>
    public int ListPageSize { get; set; } = BlobStorageClient.MaxListPageSize;

    /// <summary>
    /// List requests of one watch in flight at once. A watch whose last listing took more
    /// pages than this is listed by dataset: a delimiter listing finds the datasets, which are
    /// listed in parallel. Smaller watches, and 1, list the prefix as one sequence of pages.
    /// Default 4.
    /// </summary>
    public int ListConcurrency { get; set; } = 4;

    /// <summary>Most blobs in one <see cref="BlobsChanged"/> event; more go in further events. Default 500.</summary>
    public int MaxBlobsPerEvent { get; set; } = 500;

    /// <summary>
    /// Most blobs listed one by one in a run's <see cref="DatasetSnapshot"/>; more are counted
    /// and fingerprinted. Names of up to 880 characters times this must fit the runtime's
    /// payload limit (1 MiB by default). Default 1000.
    /// </summary>
    public int MaxSnapshotBlobs { get; set; } = 1000;

    /// <summary>
    /// How long the receipt of a version that is gone (its blob overwritten or deleted) is kept
    /// before it is deleted from the store. The wait covers a host that listed the version just
    /// before it went and reports it late: while the receipt is there, that report is refused.
    /// Default 1 hour.
    /// </summary>
    public TimeSpan ForgetReceiptsAfter { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The watched containers.</summary>
    public IList<BlobWatchOptions> Watches { get; init; } = [];

    /// <summary>Settings the configuration binder could not read, with their keys.</summary>
    internal IList<string> BindErrors { get; } = [];

    /// <summary>Every problem with the settings, each naming its configuration key; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>(BindErrors);
        void Require(bool condition, string key, string problem)
        {
            if (!condition)
            {
                errors.Add($"{SectionName}:{key} {problem}.");
            }
        }

        Require(PollInterval >= TimeSpan.FromMilliseconds(100), nameof(PollInterval), "must be at least 100 ms");
        Require(MaxPollInterval >= PollInterval, nameof(MaxPollInterval), "must not be shorter than PollInterval");
        Require(RequestTimeout >= TimeSpan.FromSeconds(1), nameof(RequestTimeout), "must be at least 1 second");
        Require(MaxRetries is >= 0 and <= 10, nameof(MaxRetries), "must be between 0 and 10");
        Require(ListPageSize is >= 1 and <= BlobStorageClient.MaxListPageSize, nameof(ListPageSize), $"must be between 1 and {BlobStorageClient.MaxListPageSize}");
        Require(ListConcurrency is >= 1 and <= 64, nameof(ListConcurrency), "must be between 1 and 64");
        Require(MaxBlobsPerEvent is >= 1 and <= 5000, nameof(MaxBlobsPerEvent), "must be between 1 and 5000");
        Require(MaxSnapshotBlobs is >= 1 and <= 10_000, nameof(MaxSnapshotBlobs), "must be between 1 and 10000");
        Require(ForgetReceiptsAfter >= TimeSpan.Zero && ForgetReceiptsAfter <= TimeSpan.FromDays(365), nameof(ForgetReceiptsAfter), "must be between 00:00:00 and 365 days");
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < Watches.Count; i++)
        {
            Watches[i].Validate($"{nameof(Watches)}:{i}", ConnectionString, names, Require);
        }

        return errors;
    }
}
