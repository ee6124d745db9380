using EdgeFlows.Activities.Training;

namespace EdgeFlows.Functions.Pipeline.Steps;

/// <summary>StartTraining's input: the job to start (or find) and the blobs it reads and writes.</summary>
/// <param name="JobId">The job id, derived from the run.</param>
/// <param name="Target">The target's name.</param>
/// <param name="Recipe">The recipe.</param>
/// <param name="Container">The container of inputs and outputs.</param>
/// <param name="Inputs">The input blobs (names only: the activity creates their SAS URLs, so no URL reaches history).</param>
/// <param name="OutputPrefix">Where the outputs go.</param>
public sealed record StartTrainingInput(string JobId, string Target, RecipePlan Recipe, string Container, IReadOnlyList<TrainingInput> Inputs, string OutputPrefix);

/// <summary>A job on a target: GetTrainingStatus's and CancelTraining's input.</summary>
/// <param name="Target">The target's name.</param>
/// <param name="JobId">The job id.</param>
/// <param name="LogLines">Last log lines to return.</param>
public sealed record TrainingJobRef(string Target, string JobId, int LogLines = 10);

/// <summary>A job's state as the run records it (log lines already redacted).</summary>
/// <param name="JobId">The job id.</param>
/// <param name="Phase">Where it is.</param>
/// <param name="ExitCode">The command's exit code, once it ended.</param>
/// <param name="StartedAt">When the job started on the target.</param>
/// <param name="FinishedAt">When it ended.</param>
/// <param name="TrainingSeconds">How long the training command itself ran.</param>
/// <param name="LastLogLines">Its last log lines, secrets redacted.</param>
/// <param name="Error">Why it failed, if it did.</param>
public sealed record TrainingJobState(
    string JobId,
    TrainingJobPhase Phase,
    int? ExitCode = null,
    DateTimeOffset? StartedAt = null,
    DateTimeOffset? FinishedAt = null,
    double? TrainingSeconds = null,
    IReadOnlyList<string>? LastLogLines = null,
    string? Error = null);

/// <summary>Helpers on <see cref="TrainingJobPhase"/>.</summary>
public static class TrainingJobPhaseExtensions
{
    /// <summary>True when the job will not change any more.</summary>
    public static bool IsFinished(this TrainingJobPhase phase) =>
        phase is TrainingJobPhase.Succeeded or TrainingJobPhase.Failed or TrainingJobPhase.Cancelled or TrainingJobPhase.NotFound;
}
