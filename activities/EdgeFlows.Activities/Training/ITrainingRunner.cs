namespace EdgeFlows.Activities.Training;

/// <summary>
/// Runs training jobs on one kind of <see cref="TrainingTarget"/>. Jobs live in folders on
/// the target and are run there by a small detached wrapper, so a job and its status outlive
/// both the connection and this process: a new runner instance finds them by id.
/// Implementations are thread-safe.
/// </summary>
public interface ITrainingRunner
{
    /// <summary>The <see cref="TrainingTarget.Kind"/> this runner handles.</summary>
    string Kind { get; }

    /// <summary>
    /// Checks the target: reachable, OS, free disk under the work root, memory, CPUs, GPUs,
    /// container runtime, running jobs. Never throws for an unreachable or unfit target: the
    /// report says why (<see cref="ComputeReport.Error"/>).
    /// </summary>
    Task<ComputeReport> ProbeAsync(TrainingTarget target, CancellationToken cancellationToken = default);

    /// <summary>
    /// Starts the job, idempotently: if a job with <see cref="TrainingJobSpec.JobId"/> exists on
    /// the target (running or finished) its status is returned and nothing else starts.
    /// </summary>
    /// <exception cref="ArgumentException">The target or spec is invalid.</exception>
    /// <exception cref="TrainingTargetException">The target cannot be reached or refused the command.</exception>
    Task<TrainingJobStatus> StartAsync(TrainingTarget target, TrainingJobSpec spec, CancellationToken cancellationToken = default);

    /// <summary>The job's status; <see cref="TrainingJobPhase.NotFound"/> when there is no such job.</summary>
    /// <exception cref="TrainingTargetException">The target cannot be reached or refused the command.</exception>
    Task<TrainingJobStatus> GetStatusAsync(TrainingTarget target, string jobId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Cancels the job: SIGTERM to its command's process group, SIGKILL after the grace period.
    /// Waits until the job has stopped (at most the grace period plus 5 s, and less than the
    /// target's command timeout) and returns its status, which may still be running with
    /// <see cref="TrainingJobStatus.CancelRequested"/> when the command takes longer to stop;
    /// a finished or unknown job is returned as it is.
    /// </summary>
    /// <exception cref="TrainingTargetException">The target cannot be reached or refused the command.</exception>
    Task<TrainingJobStatus> CancelAsync(TrainingTarget target, string jobId, CancellationToken cancellationToken = default);
}
