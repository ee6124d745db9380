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

/// <summary>
/// One page of List Blobs. <see cref="NextMarker"/> is null on the last page; otherwise pass
/// it back to get the next page.
/// </summary>
/// <param name="Blobs">The blobs on this page.</param>
/// <param name="Prefixes">Virtual directories (<c>BlobPrefix</c>) when a delimiter was given.</param>
/// <param name="NextMarker">The continuation marker, or null when this is the last page.</param>
public sealed record BlobListPage(IReadOnlyList<BlobItem> Blobs, IReadOnlyList<string> Prefixes, string? NextMarker);

/// <summary>Options of List Blobs.</summary>
public sealed record BlobListOptions
{
    /// <summary>Only blobs whose names start with this.</summary>
    public string? Prefix { get; init; }

    /// <summary>Groups names by this (usually "/") into <see cref="BlobListPage.Prefixes"/>.</summary>
    public string? Delimiter { get; init; }

    /// <summary>Also return each blob's metadata.</summary>
    public bool IncludeMetadata { get; init; }

    /// <summary>Most items per page (1 to 5000); the service's default (5000) when null.</summary>
    public int? PageSize { get; init; }
}

/// <summary>Conditions a write or delete must meet.</summary>
public sealed record BlobRequestConditions
{
    /// <summary>Only if the blob still has this ETag (optimistic concurrency).</summary>
    public ETag? IfMatch { get; init; }

    /// <summary>The lease id, required while the blob is leased.</summary>
    public string? LeaseId { get; init; }
}

/// <summary>A lease held on a blob.</summary>
/// <param name="LeaseId">The lease id to pass to renew, release and leased writes.</param>
/// <param name="ETag">The blob's ETag when the lease was taken.</param>
public sealed record BlobLease(string LeaseId, ETag ETag);
