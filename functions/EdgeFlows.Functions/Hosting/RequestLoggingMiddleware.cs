using System.Diagnostics;
using System.Text;

namespace EdgeFlows.Functions.Hosting;

/// <summary>Logs each request once it is answered, with the value of any <c>code</c> query parameter (a key) redacted.</summary>
internal sealed class RequestLoggingMiddleware(RequestDelegate next, ILogger<RequestLoggingMiddleware> logger)
{
    /// <summary>What a redacted value is replaced with.</summary>
    public const string Redacted = "***";

    public async Task InvokeAsync(HttpContext context)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            await next(context);
        }
        finally
        {
            if (logger.IsEnabled(LogLevel.Information))
            {
                var request = context.Request;
                logger.RequestCompleted(
                    request.Method,
                    request.PathBase + request.Path + RedactQuery(request.QueryString),
                    context.Response.StatusCode,
                    Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        }
    }

    /// <summary>The query string with every <c>code</c> value replaced by <see cref="Redacted"/>.</summary>
    public static string RedactQuery(QueryString query)
    {
        if (!query.HasValue)
        {
            return string.Empty;
        }

        var text = new StringBuilder();
        foreach (var part in query.Value!.TrimStart('?').Split('&'))
        {
            text.Append(text.Length == 0 ? '?' : '&');
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            var name = equals < 0 ? part : part[..equals];
            text.Append(string.Equals(Uri.UnescapeDataString(name), "code", StringComparison.OrdinalIgnoreCase) ? name + "=" + Redacted : part);
        }

        return text.ToString();
    }
}
