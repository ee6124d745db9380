// Log messages of the webhook sender; event ids 3600-3699 belong to webhooks. Endpoints are
// logged by name and URL origin only (WebhookUrl.Redact); secrets and signatures never.
using Microsoft.Extensions.Logging;

namespace EdgeFlows.Activities.Webhooks;

internal static partial class Logs
{
    [LoggerMessage(EventId = 3600, Level = LogLevel.Information, Message = "Webhook {Endpoint} ({Origin}) received event {EventId} ({EventType}) on attempt {Attempt}: HTTP {Status}")]
    public static partial void WebhookDelivered(this ILogger logger, string endpoint, string origin, string eventId, string eventType, int attempt, int status);

    [LoggerMessage(EventId = 3601, Level = LogLevel.Warning, Message = "Webhook {Endpoint} ({Origin}) attempt {Attempt} of {MaxAttempts} for event {EventId} failed: {Reason}; retrying in {Delay}")]
    public static partial void WebhookAttemptFailed(this ILogger logger, string endpoint, string origin, int attempt, int maxAttempts, string eventId, string reason, TimeSpan delay);

    [LoggerMessage(EventId = 3602, Level = LogLevel.Warning, Message = "Webhook {Endpoint} ({Origin}) gave up on event {EventId} after {Attempts} attempts: {Reason}")]
    public static partial void WebhookFailed(this ILogger logger, string endpoint, string origin, string eventId, int attempts, string reason);

    [LoggerMessage(EventId = 3603, Level = LogLevel.Debug, Message = "Webhook {Endpoint} skips event {EventId}: its filter excludes type {EventType}")]
    public static partial void WebhookSkipped(this ILogger logger, string endpoint, string eventId, string eventType);
}
