namespace EdgeFlows.Functions.Http;

/// <summary>
/// A request the API refuses, with the status code and a reason safe to show the caller
/// (it never holds a key or other secret). Answered as ProblemDetails.
/// </summary>
public sealed class ApiException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ApiException(int statusCode, string detail)
        : base(detail)
    {
        StatusCode = statusCode;
    }

    /// <summary>The HTTP status code.</summary>
    public int StatusCode { get; }

    /// <summary>A 400 with the reason.</summary>
    public static ApiException BadRequest(string detail) => new(StatusCodes.Status400BadRequest, detail);
}
