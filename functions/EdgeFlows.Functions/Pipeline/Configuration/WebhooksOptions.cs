namespace EdgeFlows.Functions.Pipeline.Configuration;

/// <summary>
/// The pipeline's webhooks: <c>EdgeFlows:Webhooks</c>. The receivers are under
/// <c>Endpoints:{name}</c>; the section's other keys (<c>FirstRetryDelay</c>,
/// <c>BackoffCoefficient</c>, <c>MaxRetryDelay</c>, <c>MaxRetryAfter</c>) set the sender's retries.
/// </summary>
public sealed class WebhooksOptions
{
    /// <summary>The CloudEvents <c>source</c> of the pipeline's events; name the site. Default <c>/edgeflows/retrain</c>.</summary>
    public string Source { get; set; } = "/edgeflows/retrain";

    /// <summary>The receivers, by name.</summary>
    public IDictionary<string, WebhookOptions> Endpoints { get; init; } = new Dictionary<string, WebhookOptions>(StringComparer.OrdinalIgnoreCase);

    internal void Validate(string key, Action<bool, string, string> require, Action<string, string> requireName)
    {
        require(!string.IsNullOrWhiteSpace(Source) && !Source.Any(char.IsControl), $"{key}:{nameof(Source)}", "must not be empty");
        foreach (var (name, webhook) in Endpoints)
        {
            requireName(name, $"{key}:{nameof(Endpoints)}:{name}");
            webhook.Validate($"{key}:{nameof(Endpoints)}:{name}", require);
        }
    }
}
