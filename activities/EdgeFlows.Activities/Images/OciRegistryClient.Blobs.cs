// Blob operations: HEAD (exists), cross-repository mount, upload (POST, chunked PATCH, final
// PUT carrying the digest computed while streaming; a blob of at most one chunk goes in the
// PUT), and verified download.
using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using Azure.Core;
using Azure.Core.Pipeline;

namespace EdgeFlows.Activities.Images;

public sealed partial class OciRegistryClient
{
    private const string OctetStream = "application/octet-stream";

    /// <summary>True when <paramref name="repository"/> has the blob (HEAD; no body is transferred).</summary>
    public async Task<bool> BlobExistsAsync(string repository, string digest, CancellationToken cancellationToken = default)
    {
        ValidateRepository(repository);
        OciDigest.Validate(digest, nameof(digest));
        using var message = CreateMessage(RequestMethod.Head, $"/v2/{repository}/blobs/{digest}", RegistryMessageProperties.PullScope(repository));
        var response = await SendAsync(message, "blob check", repository, cancellationToken, 404).ConfigureAwait(false);
        return response.Status == 200;
    }

    /// <summary>
    /// Asks the registry to link a blob it holds in <paramref name="fromRepository"/> into
    /// <paramref name="repository"/>, with no bytes sent. False when the registry declines (it
    /// does when the blob is not there or the credentials may not pull the source); then upload it.
    /// </summary>
    public async Task<bool> TryMountBlobAsync(string repository, string digest, string fromRepository, CancellationToken cancellationToken = default)
    {
        ValidateRepository(repository);
        ValidateRepository(fromRepository);
        OciDigest.Validate(digest, nameof(digest));
        using var message = CreateMessage(RequestMethod.Post, $"/v2/{repository}/blobs/uploads/",
            RegistryMessageProperties.PushScope(repository), RegistryMessageProperties.PullScope(fromRepository));
        message.Request.Uri.AppendQuery("mount", digest);
        message.Request.Uri.AppendQuery("from", fromRepository);
        var response = await SendAsync(message, "blob mount", repository, cancellationToken).ConfigureAwait(false);
        if (response.Status == 201)
        {
            _logger.BlobMounted(Registry, repository, digest, fromRepository);
            return true;
        }

        // 202: the registry opened an ordinary upload instead; close it, the caller copies the blob.
        if (TryGetLocation(message) is { } location)
        {
            await CancelUploadAsync(location, repository).ConfigureAwait(false);
        }

        return false;
    }

    /// <summary>
    /// Uploads a blob from <paramref name="content"/> (read to its end), hashing it as it streams:
    /// POST opens the upload, full chunks of <see cref="OciRegistryClientOptions.ChunkSizeBytes"/>
    /// go as PATCH, and the last part goes in the PUT that carries the digest. Only one chunk is
    /// held in memory. When <paramref name="expectedDigest"/> is given and the content hashes to
    /// something else, the upload is cancelled and <see cref="InvalidDataException"/> thrown.
    /// </summary>
    public async Task<BlobUploadResult> UploadBlobAsync(string repository, Stream content, string? expectedDigest = null, CancellationToken cancellationToken = default)
    {
        ValidateRepository(repository);
        ArgumentNullException.ThrowIfNull(content);
        if (expectedDigest is not null)
        {
            OciDigest.Validate(expectedDigest, nameof(expectedDigest));
        }

        var meter = new ByteMeter();
        var buffer = ArrayPool<byte>.Shared.Rent(_options.ChunkSizeBytes);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Uri? location = null;
        try
        {
            var length = await content.ReadAtLeastAsync(buffer.AsMemory(0, _options.ChunkSizeBytes), _options.ChunkSizeBytes, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
            location = await StartUploadAsync(repository, meter, cancellationToken).ConfigureAwait(false);
            long offset = 0;
            var chunks = 0;
            while (length == _options.ChunkSizeBytes)
            {
                hash.AppendData(buffer, 0, length);
                location = await PatchChunkAsync(location, repository, buffer.AsMemory(0, length), offset, meter, cancellationToken).ConfigureAwait(false);
                offset += length;
                chunks++;
                length = await content.ReadAtLeastAsync(buffer.AsMemory(0, _options.ChunkSizeBytes), _options.ChunkSizeBytes, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
            }

            hash.AppendData(buffer, 0, length);
            var digest = OciDigest.Format(hash.GetHashAndReset());
            if (expectedDigest is not null && digest != expectedDigest)
            {
                throw new InvalidDataException($"The content uploaded to {repository} hashes to {digest}, not the expected {expectedDigest}; the upload was cancelled.");
            }

            await CompleteUploadAsync(location, repository, digest, buffer.AsMemory(0, length), meter, cancellationToken).ConfigureAwait(false);
            location = null;
            var size = offset + length;
            _logger.BlobUploaded(Registry, repository, digest, size, chunks, meter.Bytes);
            return new BlobUploadResult(new OciDescriptor(OctetStream, digest, size), meter.Bytes);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            if (location is not null)
            {
                await CancelUploadAsync(location, repository).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Uploads a small blob held in memory in one request pair (POST, PUT with the content).</summary>
    public async Task<BlobUploadResult> UploadBlobAsync(string repository, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
    {
        ValidateRepository(repository);
        var meter = new ByteMeter();
        var digest = OciDigest.Compute(content.Span);
        var location = await StartUploadAsync(repository, meter, cancellationToken).ConfigureAwait(false);
        try
        {
            await CompleteUploadAsync(location, repository, digest, content, meter, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await CancelUploadAsync(location, repository).ConfigureAwait(false);
            throw;
        }

        _logger.BlobUploaded(Registry, repository, digest, content.Length, 0, meter.Bytes);
        return new BlobUploadResult(new OciDescriptor(OctetStream, digest, content.Length), meter.Bytes);
    }

    /// <summary>
    /// Starts downloading a blob (redirects to storage are followed, without credentials). The
    /// stream verifies digest and size as it is read: reading to its end throws
    /// <see cref="InvalidDataException"/> when they differ. Dispose it to free the connection.
    /// </summary>
    /// <param name="repository">The repository holding the blob.</param>
    /// <param name="digest">The blob's digest.</param>
    /// <param name="expectedSize">The descriptor's size, checked too when given.</param>
    /// <param name="cancellationToken">Cancels the request (reads take their own token).</param>
    public async Task<Stream> OpenBlobAsync(string repository, string digest, long? expectedSize = null, CancellationToken cancellationToken = default)
    {
        ValidateRepository(repository);
        OciDigest.Validate(digest, nameof(digest));
        var message = CreateMessage(RequestMethod.Get, $"/v2/{repository}/blobs/{digest}", RegistryMessageProperties.PullScope(repository));
        try
        {
            message.BufferResponse = false;
            RedirectPolicy.SetAllowAutoRedirect(message, true);
            await SendAsync(message, "blob download", repository, cancellationToken).ConfigureAwait(false);
            var stream = message.ExtractResponseContent() ?? Stream.Null;
            return new DigestVerifyingReadStream(stream, digest, expectedSize, message);
        }
        catch
        {
            message.Dispose();
            throw;
        }
    }

    /// <summary>Downloads a small blob (an image config) into memory, verified against its digest.</summary>
    /// <exception cref="InvalidDataException">The blob is larger than <paramref name="maxBytes"/> or does not match its digest.</exception>
    public async Task<byte[]> GetBlobContentAsync(string repository, string digest, int maxBytes, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxBytes);
        var stream = await OpenBlobAsync(repository, digest, null, cancellationToken).ConfigureAwait(false);
        await using var _ = stream.ConfigureAwait(false);
        return await BoundedRead.ReadAllAsync(stream, maxBytes, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidDataException($"Blob {digest} in {repository} is larger than the {maxBytes} bytes allowed for it.");
    }

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
        var response = await SendAsync(message, "blob upload", repository, cancellationToken).ConfigureAwait(false);
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

    private static Uri? TryGetLocation(HttpMessage message) =>
        message.Response.Headers.TryGetValue("Location", out var location) && !string.IsNullOrEmpty(location)
            ? new Uri(message.Request.Uri.ToUri(), location)
            : null;

    private OciRegistryException MissingLocation(int status, string operation, string repository) =>
        new(status, null, $"The registry {Registry} answered the {operation} of {repository} without a Location header.");
}
