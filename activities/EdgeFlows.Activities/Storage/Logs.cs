// Log messages of the blob storage client; event ids 3000-3099 belong to storage. No message
// takes a URL, a SAS token or a key: resources are logged as container/blob names.
using Microsoft.Extensions.Logging;

namespace EdgeFlows.Activities.Storage;

internal static partial class Logs
{
    [LoggerMessage(EventId = 3000, Level = LogLevel.Information, Message = "Created blob container {Container}")]
    public static partial void ContainerCreated(this ILogger logger, string container);

    [LoggerMessage(EventId = 3001, Level = LogLevel.Debug, Message = "Uploaded {Container}/{Blob}: {Length} bytes in {BlockCount} blocks (0 = single put)")]
    public static partial void BlobUploaded(this ILogger logger, string container, string blob, long length, int blockCount);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Debug, Message = "Deleted blob {Container}/{Blob}")]
    public static partial void BlobDeleted(this ILogger logger, string container, string blob);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Debug, Message = "Lease {Action} on {Container}/{Blob}")]
    public static partial void LeaseChanged(this ILogger logger, string action, string container, string blob);

    // The SAS itself is never logged: what it grants and until when is enough to audit it.
    [LoggerMessage(EventId = 3004, Level = LogLevel.Information, Message = "Generated SAS for {Container}/{Blob} with permissions '{Permissions}' valid until {ExpiresOn:O}")]
    public static partial void SasGenerated(this ILogger logger, string container, string blob, string permissions, DateTimeOffset expiresOn);

    // Debug, not Warning: many refusals are expected answers (ContainerAlreadyExists, BlobNotFound)
    // and the exception thrown right after carries the details to whoever handles it.
    [LoggerMessage(EventId = 3005, Level = LogLevel.Debug, Message = "Blob storage {Operation} of {Resource} failed with {Status} {ErrorCode}")]
    public static partial void RequestFailed(this ILogger logger, string operation, string resource, int status, string? errorCode);
}
