namespace EdgeFlows.Cli.Watch;

/// <summary>One step of a run as <c>watch</c> shows it.</summary>
/// <param name="Name">The step (for runs of other orchestrators: the activity, or "Timer").</param>
/// <param name="State">Where it stands.</param>
/// <param name="Calls">Activity calls made for it (retries and polls included).</param>
/// <param name="FailedCalls">How many of them failed.</param>
/// <param name="Started">When it started, when known.</param>
/// <param name="Ended">When it ended; null while it runs.</param>
/// <param name="Detail">What it is doing or why it failed.</param>
public sealed record StepRow(string Name, StepState State, int Calls, int FailedCalls, DateTimeOffset? Started, DateTimeOffset? Ended, string? Detail)
{
    /// <summary>How long it took, or has taken until <paramref name="now"/>.</summary>
    public TimeSpan? Elapsed(DateTimeOffset now)
    {
        if (Started is not { } started)
        {
            return null;
        }

        var end = Ended ?? now;
        return end < started ? TimeSpan.Zero : end - started;
    }
}
