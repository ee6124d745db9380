// A preview of the retrain pipeline on the durable runtime: check the host and profile the
// data in parallel, train with retries, wait on a durable timer, register the model.
using EdgeFlows.Durable;
using EdgeFlows.Samples.Demo.Activities;
using EdgeFlows.Samples.Demo.Training;
using Microsoft.Extensions.Logging;

namespace EdgeFlows.Samples.Demo.Orchestrations;

/// <summary>
/// The orchestration behind <c>eng/demo.sh</c>. Deterministic as orchestrator code must be:
/// time comes from the context, I/O happens in activities, logs go through a replay-safe logger.
/// </summary>
public sealed class RetrainPreview(ILogger<RetrainPreview> logger) : TaskOrchestrator<RetrainPreviewInput, RetrainPreviewResult>
{
    /// <summary>Steps shown in the custom status.</summary>
    public const int Steps = 4;

    /// <summary>
    /// Training is retried on any failure except a changed data set: three attempts, 1 s
    /// then 2 s apart. The waits are durable timers and show in history.
    /// </summary>
    public static readonly RetryPolicy TrainingRetry = new(maxNumberOfAttempts: 3, firstRetryInterval: TimeSpan.FromSeconds(1), backoffCoefficient: 2.0)
    {
        Handle = failure => !failure.IsCausedBy<DatasetChangedException>(),
    };

    private static readonly TimeSpan DefaultSettleDelay = TimeSpan.FromSeconds(2);

    /// <inheritdoc />
    public override async Task<RetrainPreviewResult> RunAsync(OrchestrationContext context, RetrainPreviewInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var log = context.CreateReplaySafeLogger(logger);
        log.RunStarted(context.InstanceId, input.DatasetPath);

        // 1. Fan out: the host check and the data profile do not depend on each other.
        context.SetCustomStatus(new RetrainPreviewStatus(1, Steps, "Checking compute and profiling the data set"));
        var computeTask = context.CallActivityAsync<ComputeReport>(
            nameof(CheckCompute), new ComputeCheckRequest(input.WorkDirectory, input.Requirements ?? new ComputeRequirements()));
        var profileTask = context.CallActivityAsync<DatasetProfile>(nameof(ProfileDataset), input.DatasetPath);
        await Task.WhenAll(computeTask, profileTask);
        var compute = await computeTask;
        var profile = await profileTask;
        if (!compute.Sufficient)
        {
            throw new InvalidOperationException($"Host '{compute.Host}' cannot train now: {string.Join("; ", compute.Shortfalls)}.");
        }

        if (profile.Positives == 0 || profile.Negatives == 0)
        {
            throw new InvalidOperationException($"The data set '{profile.Path}' holds only one class ({profile.Positives} positive, {profile.Negatives} negative rows).");
        }

        log.Profiled(profile.Rows, profile.Positives, profile.Negatives, profile.Sha256);

        // 2. Train where the data lies; only the artifact's path and the metrics come back.
        context.SetCustomStatus(new RetrainPreviewStatus(2, Steps, "Training a logistic regression"));
        var training = await context.CallActivityAsync<TrainResult>(
            nameof(TrainModel),
            new TrainRequest(
                input.DatasetPath,
                profile.Sha256,
                Path.Combine(input.WorkDirectory, "runs", context.InstanceId),
                input.Training ?? new TrainingSettings(),
                input.SimulateTransientFailure),
            TaskOptions.FromRetryPolicy(TrainingRetry));
        log.Trained(training.Metrics.Accuracy, training.Metrics.F1, training.Metrics.Auc);

        // 3. A durable timer: it survives a restart of the host. The full pipeline waits like
        //    this for a training job on a remote VM.
        var settle = input.SettleDelay ?? DefaultSettleDelay;
        context.SetCustomStatus(new RetrainPreviewStatus(3, Steps, $"Waiting {settle.TotalSeconds:0.##} s on a durable timer"));
        await context.CreateTimer(settle, CancellationToken.None);

        // 4. Register the model with its lineage as the next version.
        context.SetCustomStatus(new RetrainPreviewStatus(4, Steps, "Registering the model"));
        var model = await context.CallActivityAsync<RegisteredModel>(
            nameof(RegisterModel),
            new RegisterRequest(
                Path.Combine(input.WorkDirectory, "models"),
                input.ModelName,
                training.ArtifactPath,
                training.ArtifactSha256,
                profile,
                training.Metrics,
                context.InstanceId,
                context.CurrentUtcDateTime));
        log.Registered(model.Name, model.Version, model.Path);

        context.SetCustomStatus(new RetrainPreviewStatus(Steps, Steps, $"Done: registered {model.Name} v{model.Version}"));
        return new RetrainPreviewResult(compute, profile, training, model);
    }
}
