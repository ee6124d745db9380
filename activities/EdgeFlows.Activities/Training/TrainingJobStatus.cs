namespace EdgeFlows.Activities.Training;

/// <summary>A training job's status as its folder on the target records it. Holds no secret.</summary>
/// <param name="JobId">The job id.</param>
/// <param name="Phase">Where the job is.</param>
/// <param name="ExitCode">The command's exit code once it exited (negative: killed by that signal).</param>
/// <param name="StartedAt">When the wrapper started (the target's clock).</param>
/// <param name="FinishedAt">When the job reached a final phase.</param>
/// <param name="Elapsed">From <paramref name="StartedAt"/> to <paramref name="FinishedAt"/>, or to now while it runs.</param>
/// <param name="TrainingSeconds">The command's own run time as the wrapper measured it (so far, while it runs).</param>
/// <param name="LastLogLines">The end of the job's log (bounded, SAS signatures redacted).</param>
/// <param name="Error">Why the job failed or was cancelled; null otherwise.</param>
public sealed record TrainingJobStatus(
    string JobId,
    TrainingJobPhase Phase,
    int? ExitCode = null,
    DateTimeOffset? StartedAt = null,
    DateTimeOffset? FinishedAt = null,
    TimeSpan? Elapsed = null,
    double? TrainingSeconds = null,
    IReadOnlyList<string>? LastLogLines = null,
    string? Error = null)
{
    /// <summary>The target's name.</summary>
    public string? Target { get; init; }

    /// <summary>The job's folder on the target.</summary>
    public string? JobFolder { get; init; }

    /// <summary>Whether a cancel was requested (it may still be stopping).</summary>
    public bool CancelRequested { get; init; }

    /// <summary>True for Succeeded, Failed, Cancelled and NotFound: the phase will not change by itself.</summary>
    public bool IsFinal => Phase is TrainingJobPhase.Succeeded or TrainingJobPhase.Failed or TrainingJobPhase.Cancelled or TrainingJobPhase.NotFound;
}
