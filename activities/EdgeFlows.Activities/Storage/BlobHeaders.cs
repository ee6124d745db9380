namespace EdgeFlows.Activities.Storage;

/// <summary>Header names of the Blob service REST API that this client reads or writes.</summary>
internal static class BlobHeaders
{
    public const string Version = "x-ms-version";
    public const string Date = "x-ms-date";
    public const string ErrorCode = "x-ms-error-code";
    public const string RequestId = "x-ms-request-id";
    public const string BlobType = "x-ms-blob-type";
    public const string MetadataPrefix = "x-ms-meta-";
    public const string BlobContentType = "x-ms-blob-content-type";
    public const string BlobContentMD5 = "x-ms-blob-content-md5";
    public const string LeaseId = "x-ms-lease-id";
    public const string LeaseAction = "x-ms-lease-action";
    public const string LeaseDuration = "x-ms-lease-duration";
    public const string ProposedLeaseId = "x-ms-proposed-lease-id";
    public const string LeaseState = "x-ms-lease-state";
    public const string LeaseStatus = "x-ms-lease-status";
    public const string ContentMD5 = "Content-MD5";
    public const string ContentType = "Content-Type";
    public const string ContentLength = "Content-Length";
    public const string ETag = "ETag";
    public const string LastModified = "Last-Modified";
    public const string IfMatch = "If-Match";
}
