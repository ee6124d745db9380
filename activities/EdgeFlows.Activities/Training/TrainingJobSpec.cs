// What a training job runs. Built by the StartTraining activity, never stored in history: its
// SAS URLs are secrets. The wrapper on the target receives it on stdin and keeps it in a
// 0600 file until the job ends.
using System.Collections.ObjectModel;

namespace EdgeFlows.Activities.Training;

/// <summary>A training job: the command, the code it needs, and the files it reads and writes.</summary>
public sealed record TrainingJobSpec
{
    /// <summary>
    /// The job's id on the target, also the name of its folder: 1–100 characters from
    /// <c>[A-Za-z0-9._-]</c>, starting with a letter or digit. Starting a job whose id exists
    /// returns that job. <see cref="TrainingJobIds.FromInstanceId"/> derives one from an
    /// orchestration instance id.
    /// </summary>
    public string JobId { get; init; } = string.Empty;

    /// <summary>
    /// The command as an argument vector (no shell involved unless you run one). In each
    /// argument <c>{inputs}</c>, <c>{outputs}</c>, <c>{code}</c> and <c>{job}</c> become the
    /// absolute paths of the job's folders. It runs with the job folder as working directory.
    /// </summary>
    public IReadOnlyList<string> Command { get; init; } = [];

    /// <summary>Local files copied into the job's <c>code/</c> folder under their file names (e.g. a recipe's <c>train.py</c>).</summary>
    public IReadOnlyList<string> CodeFiles { get; init; } = [];

    /// <summary>Files downloaded into <c>inputs/</c> before the command starts.</summary>
    public IReadOnlyList<TrainingJobFile> Inputs { get; init; } = [];

    /// <summary>Files uploaded from <c>outputs/</c> after the command exits with 0; a missing one fails the job.</summary>
    public IReadOnlyList<TrainingJobFile> Outputs { get; init; } = [];

    /// <summary>
    /// Extra environment variables for the command (non-secret: they are kept in the job folder).
    /// Placeholders are replaced as in <see cref="Command"/>. The command also gets
    /// <c>EDGEFLOWS_JOB_ID</c>, <c>EDGEFLOWS_JOB</c>, <c>EDGEFLOWS_INPUTS</c>, <c>EDGEFLOWS_OUTPUTS</c> and <c>EDGEFLOWS_CODE</c>.
    /// </summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = ReadOnlyDictionary<string, string>.Empty;

    /// <summary>
    /// The longest the job may take from the wrapper's start (downloads, command and uploads);
    /// after it the wrapper cancels the job itself, so it stops even when EdgeFlows is gone.
    /// </summary>
    public TimeSpan MaxDuration { get; init; } = TimeSpan.FromHours(4);

    /// <summary>How long a cancelled command gets between SIGTERM and SIGKILL (default 10 s).</summary>
    public TimeSpan CancelGracePeriod { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Throws when the spec cannot be run, naming the property and what is wrong.</summary>
    /// <exception cref="ArgumentException">A property is missing or invalid.</exception>
    public void Validate() => TrainingJobSpecValidation.Validate(this);

    /// <summary>A summary without SAS URLs.</summary>
    public override string ToString() =>
        $"TrainingJobSpec {{ JobId = {JobId}, Command = [{string.Join(", ", Command)}], Inputs = {Inputs.Count}, Outputs = {Outputs.Count}, MaxDuration = {MaxDuration} }}";
}
