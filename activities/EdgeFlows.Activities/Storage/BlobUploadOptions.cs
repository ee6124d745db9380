using Azure;

namespace EdgeFlows.Activities.Storage;

/// <summary>Options of an upload.</summary>
public sealed record BlobUploadOptions
{
    /// <summary>Content type stored with the blob; <c>application/octet-stream</c> when null.</summary>
    public string? ContentType { get; init; }

    /// <summary>User metadata stored with the blob (names must be valid C# identifiers).</summary>
    public IReadOnlyDictionary<string, string>? Metadata { get; init; }

    /// <summary>Conditions on the blob being replaced.</summary>
    public BlobRequestConditions? Conditions { get; init; }
}

/// <summary>The outcome of an upload.</summary>
/// <param name="ETag">The new blob's ETag.</param>
/// <param name="ContentLength">Bytes uploaded.</param>
/// <param name="ContentMD5">Base64 MD5 of the whole content, stored as the blob's Content-MD5.</param>
/// <param name="BlockCount">Blocks used; 0 for a single Put Blob.</param>
public sealed record BlobUploadResult(ETag ETag, long ContentLength, string ContentMD5, int BlockCount);
