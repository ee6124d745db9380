using Azure.Core;

namespace EdgeFlows.Activities.Storage;

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
