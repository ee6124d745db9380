using Azure;

namespace EdgeFlows.Activities.Images;

/// <summary>
/// A registry refused a request or answered something unusable.
/// <see cref="RequestFailedException.Status"/> is the HTTP status (0 when the response was
/// malformed) and <see cref="RequestFailedException.ErrorCode"/> the distribution error code
/// (<c>BLOB_UNKNOWN</c>, <c>MANIFEST_INVALID</c>, <c>DENIED</c>, …) when the registry sent one.
/// The message names the registry, operation and repository, never a credential or token.
/// </summary>
public class OciRegistryException : RequestFailedException
{
    /// <summary>Creates the exception.</summary>
    public OciRegistryException(int status, string? errorCode, string message, Exception? innerException = null)
        : base(status, message, errorCode, innerException)
    {
    }

    /// <summary>True when the registry denied access with valid credentials (403 or <c>DENIED</c>).</summary>
    public bool IsAccessDenied => Status == 403 || ErrorCode == "DENIED";
}

/// <summary>
/// The registry or its token service refused the credentials (HTTP 401), or asked for a kind of
/// authentication the configured credentials cannot answer. Never carries a password or token.
/// </summary>
public sealed class RegistryAuthenticationException : OciRegistryException
{
    /// <summary>Creates the exception.</summary>
    public RegistryAuthenticationException(int status, string? errorCode, string message, Exception? innerException = null)
        : base(status, errorCode, message, innerException)
    {
    }
}
