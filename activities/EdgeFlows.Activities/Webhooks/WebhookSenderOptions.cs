namespace EdgeFlows.Activities.Webhooks;

/// <summary>How <see cref="WebhookSender"/> retries (section <c>EdgeFlows:Webhooks</c>).</summary>
public sealed class WebhookSenderOptions
{
    /// <summary>The wait before the second attempt (default 1 s); later waits grow by <see cref="BackoffCoefficient"/>.</summary>
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How much each wait grows over the previous one (default 2, at least 1).</summary>
    public double BackoffCoefficient { get; set; } = 2;

    /// <summary>The longest back-off wait (default 30 s).</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The longest <c>Retry-After</c> the sender waits for (default 60 s). A receiver asking
    /// for more is given up on with that reason, rather than holding the run for it.
    /// </summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Checks the options; throws naming the option and what is wrong.</summary>
    /// <exception cref="ArgumentException">A negative delay or a coefficient below 1.</exception>
    public void Validate()
    {
        if (FirstRetryDelay < TimeSpan.Zero || MaxRetryDelay < TimeSpan.Zero || MaxRetryAfter < TimeSpan.Zero)
        {
            throw new ArgumentException("Webhooks: FirstRetryDelay, MaxRetryDelay and MaxRetryAfter must not be negative.");
        }

        if (!double.IsFinite(BackoffCoefficient) || BackoffCoefficient < 1)
        {
            throw new ArgumentException($"Webhooks: BackoffCoefficient must be at least 1, not {BackoffCoefficient}.");
        }
    }
}
