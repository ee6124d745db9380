// The requests of one upload session (distribution spec "pushing blobs"): POST opens it,
// PATCH appends a chunk at an offset, PUT ?digest= closes it, DELETE abandons it. A retried
// request may find that its first try did reach the registry although the answer was lost.
// A retried PUT then gets 404 (the session is closed) and the blob is checked for; a retried
// PATCH makes docker-registry drop the session (BLOB_UPLOAD_INVALID), which UploadBlobAsync
// answers by starting over.
using System.Globalization;
using Azure.Core;

namespace EdgeFlows.Activities.Images;

public sealed partial class OciRegistryClient
{
    private async Task<Uri> StartUploadAsync(string repository, ByteMeter meter, CancellationToken cancellationToken)
    {
        using var message = CreateMessage(RequestMethod.Post, $"/v2/{repository}/blobs/uploads/", RegistryMessageProperties.PushScope(repository));
        RegistryMessageProperties.SetMeter(message, meter);
        await SendAsync(message, "blob upload start", repository, cancellationToken).ConfigureAwait(false);
        return TryGetLocation(message) ?? throw MissingLocation(message.Response.Status, "blob upload start", repository);
    }

    private async Task<Uri> PatchChunkAsync(Uri location, string repository, ReadOnlyMemory<byte> chunk, long offset, ByteMeter meter, CancellationToken cancellationToken)
    {
        using var message = CreateMessage(new RequestMethod("PATCH"), location, RegistryMessageProperties.PushScope(repository));
        RegistryMessageProperties.SetMeter(message, meter);
        message.Request.Content = RequestContent.Create(chunk);
        message.Request.Headers.SetValue(HttpHeader.Names.ContentType, OctetStream);
        message.Request.Headers.SetValue("Content-Range", string.Create(CultureInfo.InvariantCulture, $"{offset}-{offset + chunk.Length - 1}"));
        await SendAsync(message, "blob chunk upload", repository, cancellationToken).ConfigureAwait(false);
        return TryGetLocation(message) ?? location;
    }

    private async Task CompleteUploadAsync(Uri location, string repository, string digest, ReadOnlyMemory<byte> lastPart, ByteMeter meter, CancellationToken cancellationToken)
    {
        using var message = CreateMessage(RequestMethod.Put, location, RegistryMessageProperties.PushScope(repository));
        RegistryMessageProperties.SetMeter(message, meter);
        message.Request.Uri.AppendQuery("digest", digest);
        message.Request.Content = RequestContent.Create(lastPart);
        message.Request.Headers.SetValue(HttpHeader.Names.ContentType, OctetStream);
        var response = await SendAsync(message, "blob upload", repository, cancellationToken, 404).ConfigureAwait(false);
        if (response.Status == 404)
        {
            // The session is gone: an earlier try of this PUT completed it, or it was lost.
            if (await BlobExistsAsync(repository, digest, cancellationToken).ConfigureAwait(false))
            {
                return;
            }

            throw await CreateExceptionAsync(response, "blob upload", repository, cancellationToken).ConfigureAwait(false);
        }

        if (response.Headers.TryGetValue("Docker-Content-Digest", out var stored) && stored != digest)
        {
            throw new OciRegistryException(response.Status, null, $"The registry {Registry} stored the blob uploaded to {repository} as {stored}, not {digest}.");
        }
    }

    // Best effort: an abandoned upload only costs the registry space until it purges it, so a
    // failure to cancel is logged, not thrown over the error that led here.
    private async Task CancelUploadAsync(Uri location, string repository)
    {
        try
        {
            using var timeout = new CancellationTokenSource(_options.Retry.NetworkTimeout);
            using var message = CreateMessage(RequestMethod.Delete, location, RegistryMessageProperties.PushScope(repository));
            await _pipeline.SendAsync(message, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or AggregateException or Azure.RequestFailedException)
        {
            _logger.UploadCancelFailed(Registry, repository, e.GetType().Name);
        }
    }
}
