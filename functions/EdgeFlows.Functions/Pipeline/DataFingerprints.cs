using System.Security.Cryptography;
using System.Text;

namespace EdgeFlows.Functions.Pipeline;

/// <summary>
/// The fingerprint of the data a model was trained on: SHA-256 (hex) over the sorted blob
/// names and ETags, the way the blob trigger fingerprints a dataset's changes. Equal data,
/// equal fingerprint; any changed, added or removed blob changes it.
/// </summary>
public static class DataFingerprints
{
    /// <summary>The fingerprint of these blob versions.</summary>
    public static string Compute(IEnumerable<(string Name, string ETag)> blobs)
    {
        ArgumentNullException.ThrowIfNull(blobs);
        var text = new StringBuilder();
        foreach (var (name, etag) in blobs.OrderBy(b => b.Name, StringComparer.Ordinal))
        {
            text.Append(name).Append('\n').Append(etag).Append('\n');
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }
}
