using Azure;

namespace EdgeFlows.Activities.Storage;

/// <summary>Conditions a write or delete must meet.</summary>
public sealed record BlobRequestConditions
{
    /// <summary>Only if the blob still has this ETag (optimistic concurrency).</summary>
    public ETag? IfMatch { get; init; }

    /// <summary>The lease id, required while the blob is leased.</summary>
    public string? LeaseId { get; init; }
}
