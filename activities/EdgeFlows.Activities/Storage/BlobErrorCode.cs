namespace EdgeFlows.Activities.Storage;

/// <summary>
/// Storage error codes (<c>x-ms-error-code</c>) that EdgeFlows reacts to. The service sends
/// more; <see cref="Azure.RequestFailedException.ErrorCode"/> of <see cref="BlobStorageException"/> carries whatever it sent.
/// </summary>
public static class BlobErrorCode
{
    /// <summary>404: the blob does not exist.</summary>
    public const string BlobNotFound = "BlobNotFound";

    /// <summary>404: the container does not exist.</summary>
    public const string ContainerNotFound = "ContainerNotFound";

    /// <summary>409: the container exists already.</summary>
    public const string ContainerAlreadyExists = "ContainerAlreadyExists";

    /// <summary>403: the signature or key did not match, or a SAS is expired or malformed.</summary>
    public const string AuthenticationFailed = "AuthenticationFailed";

    /// <summary>
    /// 403: Azurite's code where Azure sends <see cref="AuthenticationFailed"/> (a Shared Key
    /// or SAS signature that does not match). <see cref="BlobStorageException.IsAuthenticationFailure"/>
    /// covers both.
    /// </summary>
    public const string AuthorizationFailure = "AuthorizationFailure";

    /// <summary>403: a SAS does not grant the permission the operation needs.</summary>
    public const string AuthorizationPermissionMismatch = "AuthorizationPermissionMismatch";

    /// <summary>412: an If-Match or similar condition failed.</summary>
    public const string ConditionNotMet = "ConditionNotMet";

    /// <summary>409: a lease is already held on the blob.</summary>
    public const string LeaseAlreadyPresent = "LeaseAlreadyPresent";

    /// <summary>412: the blob is leased and the request carried no lease id.</summary>
    public const string LeaseIdMissing = "LeaseIdMissing";

    /// <summary>409 or 412: the lease id given is not the blob's current lease.</summary>
    public const string LeaseIdMismatchWithLeaseOperation = "LeaseIdMismatchWithLeaseOperation";

    /// <summary>412: the blob's lease id differs from the one given.</summary>
    public const string LeaseIdMismatchWithBlobOperation = "LeaseIdMismatchWithBlobOperation";

    /// <summary>400: a block's Content-MD5 did not match its bytes.</summary>
    public const string Md5Mismatch = "Md5Mismatch";
}
