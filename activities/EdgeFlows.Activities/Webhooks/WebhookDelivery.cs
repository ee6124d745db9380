namespace EdgeFlows.Activities.Webhooks;

/// <summary>How sending one event to one endpoint ended (<see cref="WebhookSender.SendAsync"/>).</summary>
public sealed record WebhookDelivery
{
    /// <summary>The endpoint's name.</summary>
    public required string Endpoint { get; init; }

    /// <summary>The event's id (also its <c>webhook-id</c> header).</summary>
    public required string EventId { get; init; }

    /// <summary>True when the receiver answered 2xx.</summary>
    public required bool Delivered { get; init; }

    /// <summary>True when the endpoint's <see cref="WebhookEndpoint.EventTypes"/> filter excludes the event, so nothing was sent.</summary>
    public bool Skipped { get; init; }

    /// <summary>The last response's status code, or null when no response came (connection refused, timeout).</summary>
    public int? StatusCode { get; init; }

    /// <summary>Attempts made (0 when skipped).</summary>
    public required int Attempts { get; init; }

    /// <summary>Why it was not delivered (the last attempt's failure), or null. Never holds the secret or the URL's path or query.</summary>
    public string? Error { get; init; }
}
