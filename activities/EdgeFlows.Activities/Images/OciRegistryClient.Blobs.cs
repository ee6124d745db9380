// Blob operations: HEAD (exists), cross-repository mount, upload (POST, chunked PATCH, final
// PUT carrying the digest computed while streaming; a blob of at most one chunk goes in the
// PUT), and verified download. The upload session's requests live in OciRegistryClient.Uploads.cs.
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
    /// If the registry loses the upload session (docker-registry drops it when a retried chunk's
    /// first try had arrived), a seekable <paramref name="content"/> is uploaded once more from
    /// where it started; for an unseekable one, use the overload that can reopen it.
    /// </summary>
    public Task<BlobUploadResult> UploadBlobAsync(string repository, Stream content, string? expectedDigest = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        var start = content.CanSeek ? content.Position : -1;
        return UploadAsync(repository, expectedDigest, canRestart: start >= 0, ownsContent: false, (attempt, _) =>
        {
            if (attempt > 0)
            {
                content.Position = start;
            }

            return Task.FromResult(content);
        }, cancellationToken);
    }

    /// <summary>
    /// Uploads a blob from content that <paramref name="openContent"/> opens (and this method
    /// disposes), as <see cref="UploadBlobAsync(string, Stream, string?, CancellationToken)"/>
    /// does; if the registry loses the upload session, the content is opened once more and
    /// uploaded again. For streams that cannot be rewound, such as a download from another registry.
    /// </summary>
    public Task<BlobUploadResult> UploadBlobAsync(string repository, Func<CancellationToken, Task<Stream>> openContent, string? expectedDigest = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(openContent);
        return UploadAsync(repository, expectedDigest, canRestart: true, ownsContent: true, (_, token) => openContent(token), cancellationToken);
    }

    private async Task<BlobUploadResult> UploadAsync(
        string repository, string? expectedDigest, bool canRestart, bool ownsContent, Func<int, CancellationToken, Task<Stream>> open, CancellationToken cancellationToken)
    {
        ValidateRepository(repository);
        if (expectedDigest is not null)
        {
            OciDigest.Validate(expectedDigest, nameof(expectedDigest));
        }

        // One meter over both tries: BytesSent counts what was sent, including the lost session's bytes.
        var meter = new ByteMeter();
        var buffer = ArrayPool<byte>.Shared.Rent(_options.ChunkSizeBytes);
        try
        {
            for (var attempt = 0; ; attempt++)
            {
                var content = await open(attempt, cancellationToken).ConfigureAwait(false);
                try
                {
                    return await UploadOnceAsync(repository, content, expectedDigest, buffer, meter, cancellationToken).ConfigureAwait(false);
                }
                catch (OciRegistryException e) when (canRestart && attempt == 0 && IsLostUploadSession(e))
                {
                    _logger.UploadRestarted(Registry, repository, e.ErrorCode ?? e.Status.ToString(CultureInfo.InvariantCulture));
                }
                finally
                {
                    if (ownsContent)
                    {
                        await content.DisposeAsync().ConfigureAwait(false);
                    }
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>True when the registry no longer knows an upload session, so only starting over can help.</summary>
    internal static bool IsLostUploadSession(OciRegistryException exception) =>
        exception.ErrorCode is "BLOB_UPLOAD_INVALID" or "BLOB_UPLOAD_UNKNOWN" || exception.Status == 416;

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

    private async Task<BlobUploadResult> UploadOnceAsync(string repository, Stream content, string? expectedDigest, byte[] buffer, ByteMeter meter, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var chunkSize = _options.ChunkSizeBytes;
        var length = await content.ReadAtLeastAsync(buffer.AsMemory(0, chunkSize), chunkSize, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        Uri? location = await StartUploadAsync(repository, meter, cancellationToken).ConfigureAwait(false);
        try
        {
            long offset = 0;
            var chunks = 0;
            while (length == chunkSize)
            {
                hash.AppendData(buffer, 0, length);
                location = await PatchChunkAsync(location, repository, buffer.AsMemory(0, length), offset, meter, cancellationToken).ConfigureAwait(false);
                offset += length;
                chunks++;
                length = await content.ReadAtLeastAsync(buffer.AsMemory(0, chunkSize), chunkSize, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
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
            if (location is not null)
            {
                await CancelUploadAsync(location, repository).ConfigureAwait(false);
            }
        }
    }

    private static Uri? TryGetLocation(HttpMessage message) =>
        message.Response.Headers.TryGetValue("Location", out var location) && !string.IsNullOrEmpty(location)
            ? new Uri(message.Request.Uri.ToUri(), location)
            : null;

    private OciRegistryException MissingLocation(int status, string operation, string repository) =>
        new(status, null, $"The registry {Registry} answered the {operation} of {repository} without a Location header.");
}
