namespace EdgeFlows.Functions.Triggers.Blob;

/// <summary>
/// The input of a run the blob trigger starts: what changed in the dataset since the last run.
/// The run reads the data itself (the whole dataset lives under <see cref="Prefix"/>).
/// </summary>
/// <param name="Dataset">The dataset.</param>
/// <param name="Container">Its container.</param>
/// <param name="Prefix">The prefix of all its blobs.</param>
/// <param name="Blobs">The new blob versions, by name; at most the policy's MaxSnapshotBlobs.</param>
/// <param name="BlobCount">How many new versions there are in all (more than <paramref name="Blobs"/> when truncated).</param>
/// <param name="Fingerprint">SHA-256 (hex) over the sorted name and ETag of every new version, omitted ones included: equal changes, equal fingerprint.</param>
/// <param name="Trigger">What started the run: "blob".</param>
/// <param name="Reason">Why now: "marker" or "quiet-period".</param>
public sealed record DatasetSnapshot(
    string Dataset,
    string Container,
    string Prefix,
    IReadOnlyList<BlobVersion> Blobs,
    int BlobCount,
    string Fingerprint,
    string Trigger,
    string Reason)
{
    /// <summary>True when some new versions are counted but not listed in <see cref="Blobs"/>.</summary>
    public bool Truncated => BlobCount > Blobs.Count;
}
