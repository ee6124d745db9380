// What an answer from the app means for the CLI: the status codes of Durable Functions' HTTP API
// and the app's endpoints turned into exit codes, with the app's own ProblemDetails detail as
// the message (the app never echoes a key).
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using EdgeFlows.Cli.Runs;

namespace EdgeFlows.Cli.Backends.Remote;

/// <summary>A read answer: status code and body.</summary>
/// <param name="StatusCode">The HTTP status.</param>
/// <param name="Body">The body text (empty when none).</param>
public sealed record RemoteResponse(HttpStatusCode StatusCode, string Body)
{
    /// <summary>True for 2xx.</summary>
    public bool IsSuccess => (int)StatusCode is >= 200 and < 300;

    /// <summary>The body as JSON.</summary>
    /// <exception cref="CliException">It is not JSON (exit 7).</exception>
    public JsonNode? Json(string what)
    {
        try
        {
            return Body.Length == 0 ? null : JsonNode.Parse(Body);
        }
        catch (JsonException ex)
        {
            throw new CliException(ExitCodes.Error, $"The app answered {what} with a body that is not JSON ({ex.Message}).");
        }
    }

    /// <summary>The exception for an answer that is not a success: its exit code and the app's reason.</summary>
    public CliException ToException(RemoteEndpoint endpoint, string what)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var code = (int)StatusCode;
        var detail = Detail();
        return code switch
        {
            401 or 403 => CliException.Unavailable(endpoint.Key is null
                ? $"The app at {endpoint} refused the request (HTTP {code}): it needs a key; give it with --key or EDGEFLOWS_KEY."
                : $"The app at {endpoint} refused the key (HTTP {code}); check --key or EDGEFLOWS_KEY (the management API needs the host key)."),
            400 or 413 or 414 or 415 or 422 => CliException.Usage($"The app refused {what} (HTTP {code}): {detail}"),
            404 => CliException.NotFound(detail ?? $"The app has no {what}."),
            409 or 410 or 412 => CliException.Conflict(detail ?? $"The app refused {what} in the instance's state (HTTP {code})."),
            503 => CliException.Unavailable($"The app at {endpoint} cannot serve {what} now (HTTP 503){(detail is null ? "." : ": " + detail)}"),
            >= 300 and < 400 => CliException.Unavailable($"The app at {endpoint} answered {what} with a redirect (HTTP {code}); give the URL it serves from with --url."),
            _ => new CliException(ExitCodes.Error, $"The app failed {what} (HTTP {code}){(detail is null ? "." : ": " + detail)}"),
        };
    }

    /// <summary>The ProblemDetails <c>detail</c> (or <c>title</c>), or a short plain body; null when there is none.</summary>
    private string? Detail()
    {
        if (Body.Length == 0)
        {
            return null;
        }

        try
        {
            var json = JsonNode.Parse(Body);
            return JsonFields.GetString(json, "detail") ?? JsonFields.GetString(json, "title") ?? JsonFields.GetString(json, "message");
        }
        catch (JsonException)
        {
            return Body.Length <= 300 ? Body.Trim() : Body[..300].Trim() + "…";
        }
    }
}
