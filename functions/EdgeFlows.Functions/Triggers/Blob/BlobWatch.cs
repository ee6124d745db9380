// A watch with its settings resolved (defaults applied, pattern parsed) and its storage
// client, built once when the trigger starts.
using Azure.Core;
using EdgeFlows.Activities.Storage;
using Microsoft.Extensions.Logging;

namespace EdgeFlows.Functions.Triggers.Blob;

/// <summary>One watch, ready to poll.</summary>
internal sealed class BlobWatch
{
    private BlobWatch(BlobWatchOptions watch, BlobTriggerOptions trigger, BlobStorageClient client)
    {
        Name = watch.EffectiveName;
        Container = watch.Container;
        Pattern = BlobPathPattern.Parse(watch.PathPattern);
        ListPrefix = watch.Prefix ?? Pattern.ListPrefix;
        IgnorePrefixes = watch.IgnorePrefixes is { } ignored ? [.. ignored] : BlobWatchOptions.DefaultIgnorePrefixes;
        Policy = new DatasetTriggerPolicy(watch.Orchestrator, watch.Readiness, watch.QuietPeriod, watch.MarkerName, trigger.MaxSnapshotBlobs);
        MaxBlobsPerEvent = trigger.MaxBlobsPerEvent;
        ListPageSize = trigger.ListPageSize;

        // Datasets can be listed one prefix each, in parallel, only when the dataset segment
        // directly follows the listed prefix.
        ListConcurrency = ListPrefix == Pattern.ListPrefix ? trigger.ListConcurrency : 1;
        Client = client;
    }

    public string Name { get; }

    public string Container { get; }

    public BlobPathPattern Pattern { get; }

    /// <summary>The prefix listed each poll.</summary>
    public string ListPrefix { get; }

    public IReadOnlyList<string> IgnorePrefixes { get; }

    public DatasetTriggerPolicy Policy { get; }

    public int MaxBlobsPerEvent { get; }

    public int ListPageSize { get; }

    public int ListConcurrency { get; }

    public BlobStorageClient Client { get; }

    /// <summary>Resolves a validated watch; every storage request times out after the trigger's RequestTimeout.</summary>
    public static BlobWatch Create(BlobWatchOptions watch, BlobTriggerOptions trigger, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(watch);
        ArgumentNullException.ThrowIfNull(trigger);
        var options = new BlobStorageClientOptions();
        options.Retry.NetworkTimeout = trigger.RequestTimeout;
        options.Retry.MaxRetries = trigger.MaxRetries;
        options.Retry.Mode = RetryMode.Exponential;
        options.Retry.Delay = TimeSpan.FromMilliseconds(500);
        options.Retry.MaxDelay = TimeSpan.FromSeconds(10);
        var connection = string.IsNullOrWhiteSpace(watch.ConnectionString) ? trigger.ConnectionString! : watch.ConnectionString;
        return new BlobWatch(watch, trigger, new BlobStorageClient(connection, options, logger));
    }

    /// <summary>True for the product's own outputs, which are never reported.</summary>
    public bool IsIgnored(string blobName) => IgnorePrefixes.Any(p => blobName.StartsWith(p, StringComparison.Ordinal));
}
