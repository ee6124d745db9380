namespace EdgeFlows.Activities.Storage;

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
