// The fingerprint of a dataset's data as it is now: the model registry's data fingerprint
// (DataFingerprint.Compute, "sha256:<hex>" over names and ETags) of every current blob of the
// dataset. The Retrain run records the same value in its model's lineage, so "unchanged since
// the last promoted model" is a plain string comparison.
using EdgeFlows.Activities.Models;
using EdgeFlows.Functions.Triggers.Blob;

namespace EdgeFlows.Functions.Triggers.Timer;

/// <summary>Fingerprints a set of blob versions.</summary>
public static class DatasetFingerprint
{
    /// <summary>The data fingerprint of <paramref name="blobs"/>; equal blobs, equal fingerprint, whatever their order.</summary>
    public static string Of(IEnumerable<BlobVersion> blobs)
    {
        ArgumentNullException.ThrowIfNull(blobs);
        return DataFingerprint.Compute(blobs.Select(b => (b.Name, b.ETag)));
    }
}
