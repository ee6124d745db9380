// The data side of SkipIfUnchanged: lists a dataset's blobs in the blob trigger's watches (the
// same selection the trigger reports: matched by the path pattern, not ignored, no empty
// placeholders) and fingerprints them with DatasetFingerprint.
using EdgeFlows.Activities.Storage;
using EdgeFlows.Functions.Triggers.Blob;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EdgeFlows.Functions.Triggers.Timer;

/// <summary>Fingerprints a dataset's current blobs across the blob trigger's watches.</summary>
public sealed class BlobDatasetFingerprintSource : IDatasetFingerprintSource
{
    private readonly Lazy<IReadOnlyList<BlobWatch>> _watches;

    /// <summary>Created by DI over the blob trigger's settings (<c>EdgeFlows:BlobTrigger</c>).</summary>
    public BlobDatasetFingerprintSource(IOptions<BlobTriggerOptions> options, ILogger<BlobStorageClient> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        var trigger = options.Value;
        _watches = new(() => [.. trigger.Watches.Select(w => BlobWatch.Create(w, trigger, logger))]);
    }

    /// <inheritdoc />
    /// <remarks>Null when no watch holds a blob of the dataset. A dataset found in several watches is fingerprinted over all of them.</remarks>
    public async Task<string?> GetFingerprintAsync(string dataset, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dataset);
        var blobs = new List<BlobVersion>();
        foreach (var watch in _watches.Value)
        {
            var options = new BlobListOptions { Prefix = watch.Pattern.DatasetPrefix(dataset), PageSize = watch.ListPageSize };
            await foreach (var item in watch.Client.ListBlobsAsync(watch.Container, options, cancellationToken))
            {
                var properties = item.Properties;
                var placeholder = properties.ContentLength == 0 && !DatasetWatcherState.IsMarker(item.Name, watch.Policy.MarkerName);
                if (placeholder || watch.IsIgnored(item.Name) || watch.Pattern.Match(item.Name) is not { Kind: BlobPathMatchKind.Matched } match ||
                    !string.Equals(match.Dataset, dataset, StringComparison.Ordinal))
                {
                    continue;
                }

                blobs.Add(new BlobVersion(item.Name, properties.ETag.ToString().Trim('"'), properties.ContentLength, properties.LastModified));
            }
        }

        return blobs.Count == 0 ? null : DatasetFingerprint.Of(blobs);
    }
}
