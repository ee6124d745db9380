namespace EdgeFlows.Functions.Triggers.Blob;

/// <summary>One version of a blob as listed: its name and ETag identify it.</summary>
/// <param name="Name">The full blob name within the container.</param>
/// <param name="ETag">The ETag without quotes; a new one means new content or metadata.</param>
/// <param name="Length">The content length in bytes.</param>
/// <param name="LastModified">When the blob was last written.</param>
public sealed record BlobVersion(string Name, string ETag, long Length, DateTimeOffset LastModified);
