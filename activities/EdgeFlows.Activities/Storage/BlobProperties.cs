using Azure;

namespace EdgeFlows.Activities.Storage;

/// <summary>
/// What the service reports about a blob, from Get Blob Properties, Get Blob or List Blobs.
/// <see cref="ETag"/> is always in its quoted header form, so values from listing and from
/// properties compare equal.
/// </summary>
public sealed record BlobProperties
{
    /// <summary>The blob's current version tag.</summary>
    public required ETag ETag { get; init; }

    /// <summary>Length of the content in bytes.</summary>
    public required long ContentLength { get; init; }

    /// <summary>When the blob was last written.</summary>
    public required DateTimeOffset LastModified { get; init; }

    /// <summary>Base64 MD5 of the whole content, when the service has one.</summary>
    public string? ContentMD5 { get; init; }

    /// <summary>The content type stored with the blob.</summary>
    public string? ContentType { get; init; }

    /// <summary>Lease state: available, leased, expired, breaking or broken.</summary>
    public string? LeaseState { get; init; }

    /// <summary>User metadata (names case-insensitive). Empty when listing without metadata.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; init; } =
        new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Puts an ETag in the quoted form the ETag header uses.</summary>
    internal static ETag NormalizeETag(string value) =>
        new(value.StartsWith('"') ? value : $"\"{value}\"");
}

/// <summary>One blob of a listing.</summary>
/// <param name="Name">The full blob name, prefix included.</param>
/// <param name="Properties">Its properties (and metadata when the listing asked for it).</param>
public sealed record BlobItem(string Name, BlobProperties Properties);
