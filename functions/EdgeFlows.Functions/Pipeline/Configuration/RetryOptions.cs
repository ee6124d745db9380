using EdgeFlows.Durable;

namespace EdgeFlows.Functions.Pipeline.Configuration;

/// <summary>
/// How one step's activity is retried (Durable Task semantics, see <see cref="RetryPolicy"/>);
/// an item of <c>EdgeFlows:Retrain:Retry</c>. Failures an activity marks as refused (bad
/// credentials, a changed host key, bad input) are never retried.
/// </summary>
public sealed class RetryOptions
{
    /// <summary>Attempts in all, the first included (1–100). Default 3.</summary>
    public int MaxAttempts { get; set; } = 3;

    /// <summary>Delay before the first retry. Default 5 s.</summary>
    public TimeSpan FirstRetryInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Growth of the delay per retry (≥ 1). Default 2.</summary>
    public double BackoffCoefficient { get; set; } = 2.0;

    /// <summary>Longest delay between attempts. Default 5 min.</summary>
    public TimeSpan MaxRetryInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>No retry starts later than this after the first attempt. Default: no limit.</summary>
    public TimeSpan? RetryTimeout { get; set; }

    /// <summary>The same settings as a history-safe value for a run's plan.</summary>
    public RetrySettings ToSettings() => new(MaxAttempts, FirstRetryInterval, BackoffCoefficient, MaxRetryInterval, RetryTimeout);

    internal void Validate(string key, Action<bool, string, string> require)
    {
        require(MaxAttempts is >= 1 and <= 100, $"{key}:{nameof(MaxAttempts)}", "must be between 1 and 100");
        require(FirstRetryInterval > TimeSpan.Zero, $"{key}:{nameof(FirstRetryInterval)}", "must be more than 0");
        require(BackoffCoefficient is >= 1.0 and <= 100.0, $"{key}:{nameof(BackoffCoefficient)}", "must be between 1 and 100");
        require(MaxRetryInterval >= FirstRetryInterval, $"{key}:{nameof(MaxRetryInterval)}", "must not be shorter than FirstRetryInterval");
        require(RetryTimeout is null || RetryTimeout > TimeSpan.Zero, $"{key}:{nameof(RetryTimeout)}", "must be more than 0 when set");
    }
}

/// <summary>A step's retry settings as recorded in a run's plan (so a configuration change never alters a running run).</summary>
/// <param name="MaxAttempts">Attempts in all.</param>
/// <param name="FirstRetryInterval">Delay before the first retry.</param>
/// <param name="BackoffCoefficient">Growth of the delay per retry.</param>
/// <param name="MaxRetryInterval">Longest delay.</param>
/// <param name="RetryTimeout">No retry after this long; null for no limit.</param>
public sealed record RetrySettings(int MaxAttempts, TimeSpan FirstRetryInterval, double BackoffCoefficient, TimeSpan MaxRetryInterval, TimeSpan? RetryTimeout)
{
    /// <summary>
    /// The call options: null (one attempt) for a single attempt, otherwise a policy that
    /// retries every failure except a refusal (<see cref="RetrainStepRefusedException"/>).
    /// </summary>
    public TaskOptions? ToTaskOptions() => MaxAttempts <= 1
        ? null
        : TaskOptions.FromRetryPolicy(new RetryPolicy(MaxAttempts, FirstRetryInterval, BackoffCoefficient, MaxRetryInterval, RetryTimeout)
        {
            Handle = failure => !failure.IsCausedBy<RetrainStepRefusedException>(),
        });
}
