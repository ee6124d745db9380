// Maps exceptions from endpoints to RFC 7807 responses. Messages of the runtime's own
// exceptions and of ApiException are written for callers; anything unexpected is a 500
// with no detail (its exception is logged).
using System.Text.Json;
using EdgeFlows.Durable;
using EdgeFlows.Functions.Http;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace EdgeFlows.Functions.Hosting;

/// <summary>Writes ProblemDetails for exceptions thrown by endpoints.</summary>
internal sealed class ApiExceptionHandler(IProblemDetailsService problems, ILogger<ApiExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var (status, detail) = exception switch
        {
            ApiException api => (api.StatusCode, api.Message),
            BadHttpRequestException bad => (bad.StatusCode, bad.Message),
            OrchestrationNotFoundException notFound => (StatusCodes.Status404NotFound, notFound.Message),
            OrchestrationAlreadyExistsException exists => (StatusCodes.Status409Conflict, exists.Message),
            PayloadTooLargeException tooLarge => (StatusCodes.Status413PayloadTooLarge, tooLarge.Message),
            JsonException json => (StatusCodes.Status400BadRequest, $"The request body is not valid JSON: {json.Message}"),
            ArgumentException argument => (StatusCodes.Status400BadRequest, WithoutParameterName(argument)),
            OperationCanceledException when httpContext.RequestAborted.IsCancellationRequested => (StatusCodes.Status499ClientClosedRequest, null),
            _ => (StatusCodes.Status500InternalServerError, null),
        };

        if (status >= StatusCodes.Status500InternalServerError)
        {
            logger.RequestFailed(httpContext.Request.Method, httpContext.Request.Path, exception);
        }

        httpContext.Response.StatusCode = status;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = new ProblemDetails { Status = status, Detail = detail },
        });
    }

    // ArgumentException appends " (Parameter 'name')", which names our code, not the request.
    private static string WithoutParameterName(ArgumentException exception) =>
        exception.ParamName is null ? exception.Message : exception.Message.Replace($" (Parameter '{exception.ParamName}')", string.Empty, StringComparison.Ordinal);
}
