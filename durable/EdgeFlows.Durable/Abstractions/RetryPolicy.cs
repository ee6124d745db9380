namespace EdgeFlows.Durable;

/// <summary>
/// How an activity or sub-orchestration call is retried, with Durable Task's semantics:
/// the delay before retry <c>n</c> (1-based) is
/// <c>FirstRetryInterval × BackoffCoefficient^(n-1)</c>, capped at
/// <see cref="MaxRetryInterval"/>. Each wait is a durable timer, so it survives restarts
/// and shows in history. Retrying stops after <see cref="MaxNumberOfAttempts"/> attempts,
/// when the next attempt would start after <see cref="RetryTimeout"/> has passed since the
/// first, or when <see cref="Handle"/> says the failure is not worth retrying.
/// </summary>
public sealed record RetryPolicy
{
    /// <summary>Creates a policy.</summary>
    /// <param name="maxNumberOfAttempts">Attempts in all, including the first (≥ 1).</param>
    /// <param name="firstRetryInterval">Delay before the first retry (&gt; 0).</param>
    /// <param name="backoffCoefficient">Growth of the delay per retry (≥ 1, default 1).</param>
    /// <param name="maxRetryInterval">Longest delay between attempts (default 1 hour).</param>
    /// <param name="retryTimeout">No attempt starts later than this after the first (default: no limit).</param>
    public RetryPolicy(
        int maxNumberOfAttempts,
        TimeSpan firstRetryInterval,
        double backoffCoefficient = 1.0,
        TimeSpan? maxRetryInterval = null,
        TimeSpan? retryTimeout = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxNumberOfAttempts, 1);
        if (firstRetryInterval <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(firstRetryInterval), firstRetryInterval, "The first retry interval must be positive.");
        }

        if (double.IsNaN(backoffCoefficient) || backoffCoefficient < 1.0)
        {
            throw new ArgumentOutOfRangeException(nameof(backoffCoefficient), backoffCoefficient, "The backoff coefficient must be 1 or more.");
        }

        var max = maxRetryInterval ?? TimeSpan.FromHours(1);
        if (max < firstRetryInterval)
        {
            throw new ArgumentOutOfRangeException(nameof(maxRetryInterval), max, "The maximum retry interval must not be shorter than the first retry interval.");
        }

        if (retryTimeout is { } timeout && timeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(retryTimeout), timeout, "The retry timeout must be positive.");
        }

        MaxNumberOfAttempts = maxNumberOfAttempts;
        FirstRetryInterval = firstRetryInterval;
        BackoffCoefficient = backoffCoefficient;
        MaxRetryInterval = max;
        RetryTimeout = retryTimeout ?? Timeout.InfiniteTimeSpan;
    }

    /// <summary>Attempts in all, including the first.</summary>
    public int MaxNumberOfAttempts { get; }

    /// <summary>Delay before the first retry.</summary>
    public TimeSpan FirstRetryInterval { get; }

    /// <summary>Growth factor of the delay per retry.</summary>
    public double BackoffCoefficient { get; }

    /// <summary>The longest delay between attempts.</summary>
    public TimeSpan MaxRetryInterval { get; }

    /// <summary>No retry starts later than this after the first attempt; infinite by default.</summary>
    public TimeSpan RetryTimeout { get; }

    /// <summary>
    /// Decides whether a failure is retried; null retries every failure. Runs inside
    /// orchestrator code, so it must be deterministic.
    /// </summary>
    public Func<TaskFailureDetails, bool>? Handle { get; init; }

    /// <summary>The delay before the given retry (1 = the first retry).</summary>
    public TimeSpan GetDelay(int retryNumber)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(retryNumber, 1);
        var ticks = FirstRetryInterval.Ticks * Math.Pow(BackoffCoefficient, retryNumber - 1);
        return ticks >= MaxRetryInterval.Ticks ? MaxRetryInterval : TimeSpan.FromTicks((long)ticks);
    }
}
