namespace EdgeFlows.Functions.Triggers.Blob;

/// <summary>
/// The event the blob trigger raises on a dataset's <see cref="DatasetWatcher"/>: new blob
/// versions it found, each reported exactly once (its receipt commits with this event).
/// </summary>
/// <param name="Container">The container.</param>
/// <param name="Dataset">The dataset the blobs belong to.</param>
/// <param name="Prefix">The prefix all the dataset's blobs share, e.g. <c>training-data/sales/</c>.</param>
/// <param name="Blobs">The new blob versions.</param>
/// <param name="Policy">What the watcher does with them.</param>
public sealed record BlobsChanged(string Container, string Dataset, string Prefix, IReadOnlyList<BlobVersion> Blobs, DatasetTriggerPolicy Policy)
{
    /// <summary>The event name.</summary>
    public const string EventName = nameof(BlobsChanged);
}
