// The links Durable Functions' CreateCheckStatusResponse returns, pointing at this app's
// management API. Like Functions, the links carry the caller's code=... only when the caller
// authenticated with the code query parameter; a caller using the x-functions-key header
// keeps using it.
using EdgeFlows.Functions.Http.Keys;

namespace EdgeFlows.Functions.Http.Management;

/// <summary>The management links of one instance, the body of a 202 from a start.</summary>
/// <param name="Id">The instance id.</param>
/// <param name="StatusQueryGetUri">GET: the status (202 while running, 200 when finished).</param>
/// <param name="SendEventPostUri">POST: raise an event (replace <c>{eventName}</c>).</param>
/// <param name="TerminatePostUri">POST: terminate (replace <c>{text}</c> with a reason).</param>
/// <param name="PurgeHistoryDeleteUri">DELETE: purge the finished instance.</param>
/// <param name="RestartPostUri">POST: restart with the same input.</param>
/// <param name="SuspendPostUri">POST: suspend.</param>
/// <param name="ResumePostUri">POST: resume.</param>
public sealed record ManagementPayload(
    string Id,
    string StatusQueryGetUri,
    string SendEventPostUri,
    string TerminatePostUri,
    string PurgeHistoryDeleteUri,
    string RestartPostUri,
    string SuspendPostUri,
    string ResumePostUri)
{
    /// <summary>The links for <paramref name="instanceId"/>, on the host and scheme the request came in on.</summary>
    /// <param name="request">The request being answered.</param>
    /// <param name="instanceId">The instance.</param>
    /// <param name="statusQueryGetUri">Another status URL (the app API's own), or null for the management API's.</param>
    public static ManagementPayload For(HttpRequest request, string instanceId, string? statusQueryGetUri = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        var instance = $"{BaseUrl(request)}{ManagementApi.BasePath}/instances/{Uri.EscapeDataString(instanceId)}";
        var code = CodeOf(request);
        string Query(string? first) =>
            first is null ? (code is null ? string.Empty : "?" + code) : "?" + first + (code is null ? string.Empty : "&" + code);

        return new ManagementPayload(
            instanceId,
            statusQueryGetUri ?? instance + Query(null),
            instance + "/raiseEvent/{eventName}" + Query(null),
            instance + "/terminate" + Query("reason={text}"),
            instance + Query(null),
            instance + "/restart" + Query(null),
            instance + "/suspend" + Query("reason={text}"),
            instance + "/resume" + Query("reason={text}"));
    }

    /// <summary>Scheme, host and path base of the request, e.g. <c>https://app.example/edge</c>.</summary>
    public static string BaseUrl(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return $"{request.Scheme}://{request.Host}{request.PathBase}";
    }

    /// <summary><c>code=…</c> (escaped) when the request authenticated with the code query parameter; else null.</summary>
    public static string? CodeOf(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!string.IsNullOrEmpty(request.Headers[FunctionKeysMiddleware.KeyHeader].ToString()))
        {
            return null;
        }

        var code = request.Query[FunctionKeysMiddleware.KeyQuery].ToString();
        return string.IsNullOrEmpty(code) ? null : $"{FunctionKeysMiddleware.KeyQuery}={Uri.EscapeDataString(code)}";
    }

    /// <summary>
    /// The async HTTP 202 pattern: 202 with this payload, <c>Location</c> at the status URL and
    /// <c>Retry-After: 10</c>, as Durable Functions answers a start.
    /// </summary>
    public IResult ToAcceptedResult(HttpResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        response.Headers.Location = StatusQueryGetUri;
        response.Headers.RetryAfter = "10";
        return TypedResults.Json(this, statusCode: StatusCodes.Status202Accepted);
    }
}
