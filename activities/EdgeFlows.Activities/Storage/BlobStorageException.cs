using Azure;

namespace EdgeFlows.Activities.Storage;

/// <summary>
/// The Blob service refused a request. <see cref="RequestFailedException.Status"/> is the HTTP
/// status and <see cref="RequestFailedException.ErrorCode"/> the storage error code (see
/// <see cref="BlobErrorCode"/>). The message names the operation and resource, never a query
/// string, key or signature.
/// </summary>
public sealed class BlobStorageException : RequestFailedException
{
    /// <summary>Creates the exception for a refused request.</summary>
    public BlobStorageException(int status, string? errorCode, string message, string? requestId = null)
        : base(status, message, errorCode, innerException: null)
    {
        RequestId = requestId;
    }

    /// <summary>The service's <c>x-ms-request-id</c>, for matching with its logs.</summary>
    public string? RequestId { get; }

    /// <summary>True for a 404 <see cref="BlobErrorCode.BlobNotFound"/>.</summary>
    public bool IsBlobNotFound => Status == 404 && ErrorCode == BlobErrorCode.BlobNotFound;

    /// <summary>
    /// True for a 403 whose signature or key was refused: <see cref="BlobErrorCode.AuthenticationFailed"/>
    /// from Azure and Azure Stack Hub, <see cref="BlobErrorCode.AuthorizationFailure"/> from Azurite.
    /// </summary>
    public bool IsAuthenticationFailure =>
        Status == 403 && ErrorCode is BlobErrorCode.AuthenticationFailed or BlobErrorCode.AuthorizationFailure;
}
