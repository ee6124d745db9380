using EdgeFlows.Activities.Webhooks;

namespace EdgeFlows.Functions.Pipeline.Configuration;

/// <summary>
/// A receiver of the pipeline's events: <c>EdgeFlows:Webhooks:Endpoints:{name}</c>. Events are
/// CloudEvents 1.0 JSON, signed the Standard Webhooks way with <see cref="Secret"/>.
/// </summary>
public sealed class WebhookOptions
{
    /// <summary>The event kinds: <c>succeeded</c> (a model was promoted), <c>rejected</c> (the gate kept the champion), <c>failed</c>.</summary>
    public static IReadOnlyList<string> AllEventKinds { get; } = [RetrainEvents.Succeeded, RetrainEvents.Rejected, RetrainEvents.Failed];

    /// <summary>The receiver's URL (http or https). Required.</summary>
    public Uri? Url { get; set; }

    /// <summary>
    /// The signing secret: <c>whsec_</c> + base64 of 24 to 64 random bytes
    /// (<c>StandardWebhookSignature.GenerateSecret</c> makes one). A secret: give it as an app
    /// setting (<c>EdgeFlows__Webhooks__Endpoints__{name}__Secret</c>). Required.
    /// </summary>
    public string? Secret { get; set; }

    /// <summary>
    /// While rotating the secret: the old one, so each event is signed with both and receivers
    /// verify whichever they hold. Remove it once every receiver has the new secret. Optional.
    /// </summary>
    public string? PreviousSecret { get; set; }

    /// <summary>The event kinds this receiver gets. Default: all.</summary>
    public IList<string>? EventTypes { get; set; }

    /// <summary>Timeout of each call. Default 10 s.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Calls per delivery before it counts as failed (the sender backs off between them). Default 5.</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>The event kinds in effect.</summary>
    public IReadOnlyList<string> EffectiveEventTypes => EventTypes is { Count: > 0 } ? [.. EventTypes] : AllEventKinds;

    /// <summary>The sender's endpoint. Every event kind passes its filter: the orchestration picks the receivers.</summary>
    public WebhookEndpoint ToEndpoint(string name) => new()
    {
        Name = name,
        Url = Url,
        Secret = Secret ?? string.Empty,
        PreviousSecret = string.IsNullOrEmpty(PreviousSecret) ? null : PreviousSecret,
        Timeout = Timeout,
        MaxAttempts = MaxAttempts,
    };

    internal void Validate(string key, Action<bool, string, string> require)
    {
        require(Url is { IsAbsoluteUri: true } && (Url.Scheme == Uri.UriSchemeHttp || Url.Scheme == Uri.UriSchemeHttps), $"{key}:{nameof(Url)}", "must be an absolute http or https URL");
        require(!string.IsNullOrEmpty(Secret), $"{key}:{nameof(Secret)}", "is missing; give it as an app setting or environment variable");
        if (!string.IsNullOrEmpty(Secret))
        {
            try
            {
                new WebhookEndpoint { Name = key, Url = new Uri("http://127.0.0.1/"), Secret = Secret }.Validate();
            }
            catch (ArgumentException ex)
            {
                // The sender's message says what a secret must look like, never the secret.
                require(false, $"{key}:{nameof(Secret)}", $"is not valid: {ex.Message.TrimEnd('.')}");
            }
        }

        if (!string.IsNullOrEmpty(PreviousSecret))
        {
            try
            {
                new WebhookEndpoint { Name = key, Url = new Uri("http://127.0.0.1/"), Secret = PreviousSecret }.Validate();
            }
            catch (ArgumentException ex)
            {
                require(false, $"{key}:{nameof(PreviousSecret)}", $"is not valid: {ex.Message.TrimEnd('.')}");
            }
        }

        for (var i = 0; i < (EventTypes?.Count ?? 0); i++)
        {
            require(AllEventKinds.Contains(EventTypes![i], StringComparer.Ordinal), $"{key}:{nameof(EventTypes)}:{i}", $"must be one of {string.Join(", ", AllEventKinds)}");
        }

        require(Timeout >= TimeSpan.FromMilliseconds(100) && Timeout <= TimeSpan.FromMinutes(5), $"{key}:{nameof(Timeout)}", "must be between 100 ms and 5 minutes");
        require(MaxAttempts is >= 1 and <= 20, $"{key}:{nameof(MaxAttempts)}", "must be between 1 and 20");
    }
}
