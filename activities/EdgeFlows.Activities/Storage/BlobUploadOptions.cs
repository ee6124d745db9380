using Azure;
using Azure.Core;

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

/// <summary>
/// A blob being downloaded: its properties and its content as a stream read straight from the
/// response. Dispose it to release the connection.
/// </summary>
public sealed class BlobDownloadResult : IDisposable, IAsyncDisposable
{
    // The message owns the response (and so the connection) the content is read from.
    private readonly HttpMessage _message;

    internal BlobDownloadResult(BlobProperties properties, Stream content, HttpMessage message)
    {
        Properties = properties;
        Content = content;
        _message = message;
    }

    /// <summary>The blob's properties and metadata.</summary>
    public BlobProperties Properties { get; }

    /// <summary>The content; each read is bounded by the client's network timeout.</summary>
    public Stream Content { get; }

    /// <inheritdoc />
    public void Dispose()
    {
        Content.Dispose();
        _message.Dispose();
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await Content.DisposeAsync().ConfigureAwait(false);
        _message.Dispose();
    }
}
