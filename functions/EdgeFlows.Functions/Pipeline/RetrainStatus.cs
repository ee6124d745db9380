using EdgeFlows.Activities.Training;
using EdgeFlows.Functions.Pipeline.Steps;

namespace EdgeFlows.Functions.Pipeline;

/// <summary>
/// A <see cref="Retrain"/> run's custom status, as clients see it. Never holds secrets: log
/// lines are redacted by the activity that reads them.
/// </summary>
/// <param name="Step">The step: PlanRetrain, CheckCompute, StartTraining, Wait, RegisterModel, BuildAndPushImage, Notify, Completed or Failed.</param>
/// <param name="Phase">The training job's phase, once it runs.</param>
/// <param name="Target">The chosen target.</param>
/// <param name="JobId">The job id.</param>
/// <param name="Elapsed">Time since the job started.</param>
/// <param name="LastLogLines">The job's last log lines.</param>
/// <param name="Detail">What the step waits for, or why the run failed.</param>
/// <param name="Webhooks">Webhook deliveries so far.</param>
public sealed record RetrainStatus(
    string Step,
    TrainingJobPhase? Phase = null,
    string? Target = null,
    string? JobId = null,
    TimeSpan? Elapsed = null,
    IReadOnlyList<string>? LastLogLines = null,
    string? Detail = null,
    IReadOnlyList<WebhookDeliveryRecord>? Webhooks = null);
