using EdgeFlows.Functions.Pipeline.Configuration;

namespace EdgeFlows.Functions.Pipeline.Steps;

/// <summary>The PlanRetrain activity's input.</summary>
/// <param name="Request">The run's request.</param>
/// <param name="JobId">The run's training job id (<see cref="RetrainIds.JobId"/>).</param>
public sealed record PlanRetrainInput(RetrainRequest Request, string JobId);

/// <summary>
/// Everything a run needs, fixed when it starts and recorded in its history: the resolved
/// dataset, recipe, targets and data snapshot, and the settings in effect. A configuration
/// change therefore applies to later runs, never to one in flight (which would make its
/// replay differ). It holds no secrets: those stay in configuration, read by activities.
/// </summary>
/// <param name="Dataset">The dataset.</param>
/// <param name="ModelName">The model it trains.</param>
/// <param name="Trigger">What started the run.</param>
/// <param name="Reason">Why, if known.</param>
/// <param name="JobId">The training job's id.</param>
/// <param name="Recipe">The recipe.</param>
/// <param name="Targets">The candidate targets, in configuration order.</param>
/// <param name="Container">The container of the data and the outputs.</param>
/// <param name="Prefix">The dataset's prefix.</param>
/// <param name="Inputs">The blobs to train on.</param>
/// <param name="DataFingerprint">SHA-256 over the inputs' names and ETags.</param>
/// <param name="OutputPrefix">Where the job's outputs go in <paramref name="Container"/>.</param>
/// <param name="Wait">The Wait step's polling.</param>
/// <param name="ComputeDeadline">How long to wait for a fit target.</param>
/// <param name="ComputeRecheckInterval">Time between checks while none is fit.</param>
/// <param name="Retry">Each step's retry settings, by step name.</param>
/// <param name="Gate">The promotion gate.</param>
/// <param name="Webhooks">The webhooks and the event kinds each gets.</param>
/// <param name="StatusLogLines">Log lines to show in the custom status.</param>
public sealed record RetrainPlan(
    string Dataset,
    string ModelName,
    string Trigger,
    string? Reason,
    string JobId,
    RecipePlan Recipe,
    IReadOnlyList<string> Targets,
    string Container,
    string Prefix,
    IReadOnlyList<TrainingInput> Inputs,
    string DataFingerprint,
    string OutputPrefix,
    WaitSettings Wait,
    TimeSpan ComputeDeadline,
    TimeSpan ComputeRecheckInterval,
    IReadOnlyDictionary<string, RetrySettings> Retry,
    GateSettings Gate,
    IReadOnlyList<WebhookSubscription> Webhooks,
    int StatusLogLines)
{
    /// <summary>The call options of a step's activity.</summary>
    public Durable.TaskOptions? RetryFor(string step) => Retry.TryGetValue(step, out var settings) ? settings.ToTaskOptions() : null;
}

/// <summary>A recipe as a run uses it.</summary>
/// <param name="Name">The recipe's name.</param>
/// <param name="Command">The argument vector, with placeholders.</param>
/// <param name="CodeFiles">Files (on this host) for the job's code folder.</param>
/// <param name="Environment">The command's environment variables.</param>
/// <param name="MaxDuration">Longest the job may run.</param>
/// <param name="NeedsDocker">Needs a container runtime.</param>
/// <param name="NeedsGpu">Needs a GPU.</param>
/// <param name="MinFreeDiskBytes">Free disk a target must have.</param>
/// <param name="MinMemoryBytes">Available memory a target must have.</param>
/// <param name="Outputs">The files the job uploads.</param>
/// <param name="ModelFiles">The outputs that make up the model.</param>
/// <param name="MetricsFile">The output with the metrics.</param>
/// <param name="CodeVersion">The code version for the lineage.</param>
public sealed record RecipePlan(
    string Name,
    IReadOnlyList<string> Command,
    IReadOnlyList<string> CodeFiles,
    IReadOnlyDictionary<string, string> Environment,
    TimeSpan MaxDuration,
    bool NeedsDocker,
    bool NeedsGpu,
    long MinFreeDiskBytes,
    long MinMemoryBytes,
    IReadOnlyList<string> Outputs,
    IReadOnlyList<string> ModelFiles,
    string MetricsFile,
    string CodeVersion);

/// <summary>One input blob of a job.</summary>
/// <param name="Name">The file name in the job's inputs folder: the blob's path below the prefix.</param>
/// <param name="Blob">The blob name.</param>
/// <param name="ETag">Its ETag when the run was planned.</param>
/// <param name="Length">Its length in bytes.</param>
public sealed record TrainingInput(string Name, string Blob, string ETag, long Length);

/// <summary>The Wait step's polling back-off.</summary>
/// <param name="FirstPollInterval">Delay before the first poll.</param>
/// <param name="BackoffCoefficient">Growth per poll.</param>
/// <param name="MaxPollInterval">Longest delay.</param>
public sealed record WaitSettings(TimeSpan FirstPollInterval, double BackoffCoefficient, TimeSpan MaxPollInterval)
{
    /// <summary>The delay after <paramref name="delay"/>.</summary>
    public TimeSpan Next(TimeSpan delay)
    {
        var ticks = delay.Ticks * BackoffCoefficient;
        return ticks >= MaxPollInterval.Ticks ? MaxPollInterval : TimeSpan.FromTicks((long)ticks);
    }
}

/// <summary>A webhook by name and the event kinds it gets (its URL and secret stay in configuration).</summary>
/// <param name="Name">The webhook's name.</param>
/// <param name="EventTypes">The kinds it gets.</param>
public sealed record WebhookSubscription(string Name, IReadOnlyList<string> EventTypes);
