using Azure;

namespace EdgeFlows.Activities.Storage;

/// <summary>A lease held on a blob.</summary>
/// <param name="LeaseId">The lease id to pass to renew, release and leased writes.</param>
/// <param name="ETag">The blob's ETag when the lease was taken.</param>
public sealed record BlobLease(string LeaseId, ETag ETag);
