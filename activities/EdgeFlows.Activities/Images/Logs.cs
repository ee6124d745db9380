// Log messages of the image builder and registry client; event ids 3400-3499 belong to images.
// No message takes a credential, token, Authorization header or upload URL: registries,
// repositories, digests, sizes and scopes only.
using Microsoft.Extensions.Logging;

namespace EdgeFlows.Activities.Images;

internal static partial class Logs
{
    [LoggerMessage(EventId = 3400, Level = LogLevel.Debug, Message = "Uploaded blob {Digest} ({Size} bytes, {Chunks} chunks, {BytesSent} bytes sent) to {Registry}/{Repository}")]
    public static partial void BlobUploaded(this ILogger logger, string registry, string repository, string digest, long size, int chunks, long bytesSent);

    [LoggerMessage(EventId = 3401, Level = LogLevel.Debug, Message = "Mounted blob {Digest} into {Registry}/{Repository} from {FromRepository}")]
    public static partial void BlobMounted(this ILogger logger, string registry, string repository, string digest, string fromRepository);

    [LoggerMessage(EventId = 3402, Level = LogLevel.Debug, Message = "Pushed manifest {Registry}/{Repository}:{Reference} ({Digest})")]
    public static partial void ManifestPushed(this ILogger logger, string registry, string repository, string reference, string digest);

    // Debug, not Warning: some refusals are expected answers (404 on a blob check) and the
    // exception thrown right after carries the details to whoever handles it.
    [LoggerMessage(EventId = 3403, Level = LogLevel.Debug, Message = "Registry {Registry}: {Operation} of {Repository} failed with {Status} {ErrorCode}")]
    public static partial void RequestFailed(this ILogger logger, string registry, string operation, string repository, int status, string? errorCode);

    [LoggerMessage(EventId = 3404, Level = LogLevel.Warning, Message = "Registry {Registry}: could not cancel an abandoned upload to {Repository} ({Error}); the registry purges it later")]
    public static partial void UploadCancelFailed(this ILogger logger, string registry, string repository, string error);

    [LoggerMessage(EventId = 3405, Level = LogLevel.Debug, Message = "Obtained a registry token from {TokenService} for '{Scopes}', valid until {ExpiresOn:O}")]
    public static partial void TokenObtained(this ILogger logger, string tokenService, string scopes, DateTimeOffset expiresOn);

    [LoggerMessage(EventId = 3406, Level = LogLevel.Information, Message = "Pushed image {Reference}: layer {LayerDigest}, {BytesUploaded} bytes uploaded, {BlobsSkipped} blobs already there, {BlobsMounted} mounted")]
    public static partial void ImagePushed(this ILogger logger, ImageReference reference, string layerDigest, long bytesUploaded, int blobsSkipped, int blobsMounted);

    [LoggerMessage(EventId = 3407, Level = LogLevel.Information, Message = "Wrote image {RefName} ({ManifestDigest}) to the OCI layout {Path}")]
    public static partial void LayoutWritten(this ILogger logger, string refName, string manifestDigest, string path);

    [LoggerMessage(EventId = 3408, Level = LogLevel.Debug, Message = "Base image {BaseImage} resolved to {ManifestDigest} ({OS}/{Architecture}, {LayerCount} layers)")]
    public static partial void BaseResolved(this ILogger logger, ImageReference baseImage, string manifestDigest, string? os, string? architecture, int layerCount);

    [LoggerMessage(EventId = 3409, Level = LogLevel.Warning, Message = "Registry {Registry} lost an upload session to {Repository} ({Reason}); uploading the blob again from its start")]
    public static partial void UploadRestarted(this ILogger logger, string registry, string repository, string reason);
}
