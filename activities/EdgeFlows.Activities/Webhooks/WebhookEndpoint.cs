// A configured webhook receiver. It holds a secret, so it is a class whose ToString and JSON
// leave the secret out: an endpoint logged or passed through an orchestration's history by
// mistake must not carry it. Pass an endpoint's Name through history and resolve it inside the
// activity that sends.
using System.Text.Json.Serialization;

namespace EdgeFlows.Activities.Webhooks;

/// <summary>A webhook receiver (bound from configuration, e.g. <c>EdgeFlows:Webhooks:Endpoints</c>).</summary>
public sealed class WebhookEndpoint
{
    /// <summary>The default <see cref="Timeout"/>: the Standard Webhooks spec recommends 15 to 30 seconds.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(15);

    /// <summary>The default <see cref="MaxAttempts"/>.</summary>
    public const int DefaultMaxAttempts = 5;

    /// <summary>The endpoint's name, used in logs, statuses and delivery results instead of its URL.</summary>
    public string Name { get; set; } = "";

    /// <summary>Where events are POSTed (absolute http or https).</summary>
    public Uri? Url { get; set; }

    /// <summary>
    /// The signing secret in the Standard Webhooks form <c>whsec_&lt;base64&gt;</c> (24 to 64
    /// random bytes; <see cref="StandardWebhookSignature.GenerateSecret"/> makes one). Never
    /// serialized, never logged.
    /// </summary>
    [JsonIgnore]
    public string Secret { get; set; } = "";

    /// <summary>
    /// The secret being rotated out, when one is: each request then carries a signature with
    /// each secret (Standard Webhooks' space-separated list), so receivers that still check the
    /// old secret and those already on the new one both verify. Never serialized, never logged.
    /// </summary>
    [JsonIgnore]
    public string? PreviousSecret { get; set; }

    /// <summary>How long one attempt may take, connecting to reading the response's headers (default 15 s).</summary>
    public TimeSpan Timeout { get; set; } = DefaultTimeout;

    /// <summary>Attempts before giving up, the first included (default 5).</summary>
    public int MaxAttempts { get; set; } = DefaultMaxAttempts;

    /// <summary>The event types this endpoint receives (exact <see cref="CloudEvent.Type"/> values); empty for all.</summary>
    public IList<string> EventTypes { get; set; } = [];

    /// <summary>True when the endpoint takes events of this type.</summary>
    public bool Accepts(string eventType) => EventTypes.Count == 0 || EventTypes.Contains(eventType, StringComparer.Ordinal);

    /// <summary>Checks the configuration; throws naming the endpoint and what is wrong (never the secret).</summary>
    /// <exception cref="ArgumentException">A missing name, a URL that is not absolute http(s), a malformed secret, a bad timeout or attempt count.</exception>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Name))
        {
            throw new ArgumentException("A webhook endpoint has no Name.");
        }

        if (Url is null || !Url.IsAbsoluteUri || (Url.Scheme != Uri.UriSchemeHttp && Url.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"Webhook endpoint '{Name}': Url must be an absolute http or https URL.");
        }

        StandardWebhookSignature.DecodeSecret(Secret, $"Webhook endpoint '{Name}'");
        if (PreviousSecret is not null)
        {
            StandardWebhookSignature.DecodeSecret(PreviousSecret, $"Webhook endpoint '{Name}': PreviousSecret");
        }
        if (Timeout <= TimeSpan.Zero || Timeout > TimeSpan.FromMinutes(10))
        {
            throw new ArgumentException($"Webhook endpoint '{Name}': Timeout must be more than 0 and at most 10 minutes, not {Timeout}.");
        }

        if (MaxAttempts is < 1 or > 100)
        {
            throw new ArgumentException($"Webhook endpoint '{Name}': MaxAttempts must be 1 to 100, not {MaxAttempts}.");
        }
    }

    /// <summary>The name and the URL's origin only: no path, query, user info or secret.</summary>
    public override string ToString() => Url is null ? Name : $"{Name} ({WebhookUrl.Redact(Url)})";
}
