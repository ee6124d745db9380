// The data fingerprint names a data snapshot by content identity without reading the data:
// the blob names and their ETags (a blob's ETag changes whenever its content does).
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace EdgeFlows.Activities.Models;

/// <summary>A stable hash of a data snapshot's blob names and ETags.</summary>
public static class DataFingerprint
{
    /// <summary>
    /// <c>sha256:&lt;64 lowercase hex&gt;</c> over the snapshot's blobs, independent of their
    /// order. ETags are compared without surrounding quotes (the listing and the blob's headers
    /// quote them differently). Names and ETags are length-prefixed, so no two different
    /// snapshots hash the same input.
    /// </summary>
    /// <exception cref="ArgumentException">A blob without a name or an ETag, or a name listed twice.</exception>
    public static string Compute(IEnumerable<(string Name, string ETag)> blobs)
    {
        ArgumentNullException.ThrowIfNull(blobs);
        var entries = new List<(string Name, string ETag)>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, etag) in blobs)
        {
            if (string.IsNullOrEmpty(name))
            {
                throw new ArgumentException("A blob in the snapshot has no name.", nameof(blobs));
            }

            var bare = etag?.Trim('"');
            if (string.IsNullOrEmpty(bare))
            {
                throw new ArgumentException($"The blob '{name}' in the snapshot has no ETag.", nameof(blobs));
            }

            if (!names.Add(name))
            {
                throw new ArgumentException($"The blob '{name}' is listed twice in the snapshot.", nameof(blobs));
            }

            entries.Add((name, bare));
        }

        entries.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var (name, etag) in entries)
        {
            Append(hash, name);
            Append(hash, etag);
        }

        return "sha256:" + Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private static void Append(IncrementalHash hash, string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, bytes.Length);
        hash.AppendData(length);
        hash.AppendData(bytes);
    }
}
