// The fingerprint of a dataset's data as it is now: the DatasetSnapshot fingerprint's
// definition (SHA-256, hex, over "name\netag\n" of each blob in ordinal name order) applied to
// every current blob of the dataset. A run given the whole dataset as new blobs carries the
// same value (a test pins the two together).
using System.Security.Cryptography;
using System.Text;
using EdgeFlows.Functions.Triggers.Blob;

namespace EdgeFlows.Functions.Triggers.Timer;

/// <summary>Fingerprints a set of blob versions.</summary>
public static class DatasetFingerprint
{
    /// <summary>SHA-256 (lowercase hex) over the sorted names and ETags; equal blobs, equal fingerprint.</summary>
    public static string Of(IEnumerable<BlobVersion> blobs)
    {
        ArgumentNullException.ThrowIfNull(blobs);
        var text = new StringBuilder();
        foreach (var blob in blobs.OrderBy(b => b.Name, StringComparer.Ordinal))
        {
            text.Append(blob.Name).Append('\n').Append(blob.ETag).Append('\n');
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }
}
