// The retrain pipeline: plan → CheckCompute (fan-out over the targets) → StartTraining →
// Wait (durable timers and status polls) → RegisterModel (with the gate) → BuildAndPushImage
// (promoted versions) → Notify (fan-out over the webhooks). Each step is an activity with its
// own retry policy from the run's plan. On a failure at any step the job is cancelled if it
// may still run, the failure event is sent, and the instance fails with a readable reason.
#pragma warning disable CA2007 // Orchestrator code resumes on the orchestration's own scheduler.
using EdgeFlows.Durable;
using EdgeFlows.Functions.Pipeline.Configuration;
using EdgeFlows.Functions.Pipeline.Steps;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EdgeFlows.Functions.Pipeline;

/// <summary>
/// The <c>Retrain</c> orchestration: trains a dataset's model on the best fit target, registers
/// it, ships a promoted version as an image and tells the webhooks. Input: a
/// <see cref="RetrainRequest"/> (the blob trigger's <c>DatasetSnapshot</c> reads as one).
/// Output: a <see cref="RetrainResult"/>; custom status: a <see cref="RetrainStatus"/>.
/// </summary>
/// <remarks>
/// Configuration is read by the first activity (<see cref="RetrainSteps.Plan"/>) and kept in
/// history, so a run replays the same after a configuration change. Only the plan step's own
/// retry policy, and the webhooks told when planning fails, come from the live options.
/// </remarks>
public sealed partial class Retrain(IOptions<RetrainPipelineOptions> options, ILogger<Retrain> logger)
    : TaskOrchestrator<RetrainRequest, RetrainResult>
{
    /// <summary>The orchestrator's registered name (the blob trigger's default).</summary>
    public const string Name = "Retrain";

    private OrchestrationContext _context = null!;
    private ILogger _log = null!;
    private RetrainRequest _request = null!;
    private RetrainPlan? _plan;
    private string _step = RetrainSteps.Plan;
    private string? _target;
    private TrainingJobState? _job;
    private RegisteredModel? _model;
    private bool _jobMayRun;
    private DateTime? _jobStartedAt;

    /// <inheritdoc />
    public override async Task<RetrainResult> RunAsync(OrchestrationContext context, RetrainRequest input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        _context = context;
        _request = input;
        _log = context.CreateReplaySafeLogger(logger);
        try
        {
            SetStatus();
            var jobId = RetrainIds.JobId(input.Dataset, context.InstanceId, context.ExecutionId);
            _plan = await context.CallActivityAsync<RetrainPlan>(
                RetrainSteps.Plan, new PlanRetrainInput(input, jobId), options.Value.Retrain.Retry.Plan.ToSettings().ToTaskOptions());
            _log.RetrainPlanned(context.InstanceId, _plan.Dataset, _plan.Recipe.Name, _plan.Inputs.Count, _plan.Targets.Count);

            EnterStep(RetrainSteps.CheckCompute);
            _target = await ChooseTargetAsync(_plan);

            EnterStep(RetrainSteps.StartTraining);
            var job = await TrainAsync(_plan, _target);

            EnterStep(RetrainSteps.RegisterModel);
            var model = _model = await context.CallActivityAsync<RegisteredModel>(
                RetrainSteps.RegisterModel, RegisterInput(_plan, _target), _plan.RetryFor(RetrainSteps.RegisterModel));

            PushedImage? image = null;
            if (model.Promoted)
            {
                EnterStep(RetrainSteps.BuildAndPushImage);
                image = await PushImageAsync(_plan, model);
            }

            EnterStep(RetrainSteps.Notify);
            var result = new RetrainResult(
                _plan.Dataset, model.ModelName, model.Version, model.Promoted, model.GateReason, model.Metrics,
                image?.Reference, image?.Digest, [], _target, _plan.JobId, _plan.DataFingerprint, job.TrainingSeconds);
            var kind = model.Promoted ? RetrainEvents.Succeeded : RetrainEvents.Rejected;
            var deliveries = await NotifyAsync(kind, EventData(result), _plan.Webhooks);
            _step = "Completed";
            SetStatus(webhooks: deliveries);
            _log.RetrainCompleted(context.InstanceId, _plan.Dataset, model.ModelName, model.Version, model.Promoted);
            return result with { Webhooks = deliveries };
        }
        catch (Exception ex) when (ex is TaskFailedException or RetrainFailedException)
        {
            throw await FailAsync(ex);
        }
    }

    /// <summary>Cancels the job if it may still run, sends the failure event, and returns the exception that fails the instance.</summary>
    private async Task<RetrainFailedException> FailAsync(Exception exception)
    {
        var failedStep = _step;
        var reason = exception is RetrainFailedException own ? own.Message : $"{Where()} failed: {Describe(exception)}";
        if (_jobMayRun && _job?.Phase.IsFinished() != true)
        {
            var cancel = await CancelJobAsync();
            reason += cancel is null ? " The training job was cancelled." : $" Cancelling the training job failed: {cancel}";
        }

        var webhooks = _plan?.Webhooks ?? Subscriptions(options.Value.Webhooks.Endpoints);
        var data = new RetrainEventData(
            _context.InstanceId, _plan?.Dataset ?? _request.Dataset, _plan?.Trigger ?? _request.Trigger, _plan?.ModelName,
            _model?.Version, _model?.Promoted, _model?.GateReason, _model?.Metrics, Target: _target, JobId: _plan?.JobId, DataFingerprint: _plan?.DataFingerprint, FailedStep: failedStep, Error: reason);
        var deliveries = await NotifyAsync(RetrainEvents.Failed, data, webhooks);
        _step = "Failed";
        SetStatus(detail: reason, webhooks: deliveries);
        _log.RetrainFailed(_context.InstanceId, _request.Dataset, failedStep, reason);
        return new RetrainFailedException(failedStep, reason);
    }

    /// <summary>
    /// Pushes the winner's image, which promotes it. When the push fails for good the version
    /// is rejected with the reason (the champion before it stays), and the failure goes on.
    /// </summary>
    private async Task<PushedImage> PushImageAsync(RetrainPlan plan, RegisteredModel model)
    {
        try
        {
            return await _context.CallActivityAsync<PushedImage>(
                RetrainSteps.BuildAndPushImage, ImageInput(plan, model), plan.RetryFor(RetrainSteps.BuildAndPushImage));
        }
        catch (TaskFailedException ex)
        {
            var reason = $"image push failed: {Describe(ex)}";
            string stage;
            try
            {
                stage = await _context.CallActivityAsync<string>(
                    RetrainSteps.RejectModel, new RejectModelInput(model.ModelName, model.Version, reason), plan.RetryFor(RetrainSteps.RegisterModel));
            }
            catch (TaskFailedException reject)
            {
                throw new RetrainFailedException(
                    _step, $"{Where()} failed: {Describe(ex)} Recording version {model.Version} as rejected failed too: {Describe(reject)}");
            }

            if (stage == nameof(EdgeFlows.Activities.Models.ModelStage.Promoted))
            {
                // An earlier attempt pushed and promoted it; only its reply was lost.
                throw new RetrainFailedException(_step, $"{Where()} failed: {Describe(ex)} Version {model.Version} was promoted with its image by an earlier attempt.");
            }

            _model = model with { Promoted = false, GateReason = reason };
            throw new RetrainFailedException(
                _step, $"{Where()} failed: {Describe(ex)} Version {model.Version} is recorded as rejected; the champion before it stays promoted.");
        }
    }

    /// <summary>Cancels the job on its target; returns why that failed, or null.</summary>
    private async Task<string?> CancelJobAsync()
    {
        if (_plan is null || _target is null)
        {
            return null;
        }

        try
        {
            _job = await _context.CallActivityAsync<TrainingJobState>(
                RetrainSteps.CancelTraining, new TrainingJobRef(_target, _plan.JobId, _plan.StatusLogLines), _plan.RetryFor(RetrainSteps.CancelTraining));
            return null;
        }
        catch (TaskFailedException ex)
        {
            return Describe(ex);
        }
    }

    private void EnterStep(string step)
    {
        _step = step;
        SetStatus();
    }

    private void SetStatus(string? detail = null, IReadOnlyList<WebhookDeliveryRecord>? webhooks = null) =>
        _context.SetCustomStatus(new RetrainStatus(
            _step, _job?.Phase, _target, _plan?.JobId, _context.CurrentUtcDateTime - _jobStartedAt, _job?.LastLogLines, detail, webhooks));

    /// <summary>"Retrain of dataset 'x' at step (target t, job j)", for failure reasons.</summary>
    private string Where()
    {
        var where = $"Retrain of dataset '{_request.Dataset}' at {_step}";
        return _target is null ? where : $"{where} (target {_target}, job {_plan?.JobId})";
    }

    /// <summary>A failure in words: the activity's own message for the pipeline's exceptions, type and message otherwise.</summary>
    private static string Describe(Exception exception)
    {
        if (exception is not TaskFailedException failed)
        {
            return exception.Message;
        }

        var details = failed.FailureDetails;
        var ours = details.ErrorType == typeof(RetrainStepException).FullName || details.ErrorType == typeof(RetrainStepRefusedException).FullName
            || details.ErrorType == typeof(RetrainFailedException).FullName;
        var type = details.ErrorType[(details.ErrorType.LastIndexOf('.') + 1)..];
        return ours ? details.ErrorMessage : $"{type}: {details.ErrorMessage}";
    }

    private RegisterModelInput RegisterInput(RetrainPlan plan, string target) => new(
        plan.ModelName, plan.JobId, _context.InstanceId, plan.Dataset, plan.DataFingerprint, target, plan.Recipe.Name,
        plan.Recipe.CodeVersion, plan.Trigger, plan.Container, plan.OutputPrefix, plan.Recipe.MetricsFile, plan.Recipe.ModelFiles, plan.Gate,
        plan.Inputs.Count);

    private static BuildImageInput ImageInput(RetrainPlan plan, RegisteredModel model) => new(
        model.ModelName, model.Version, plan.Dataset, plan.DataFingerprint, model.Metrics, plan.Container, plan.OutputPrefix,
        plan.Recipe.ModelFiles, plan.Recipe.CodeFiles, plan.Recipe.CodeVersion, plan.JobId, model.GateReason);

    private RetrainEventData EventData(RetrainResult result) => new(
        _context.InstanceId, result.Dataset, _plan!.Trigger, result.ModelName, result.Version, result.Promoted, result.GateReason,
        result.Metrics, result.ImageReference, result.ImageDigest, result.Target, result.JobId, result.DataFingerprint);

    private static List<WebhookSubscription> Subscriptions(IDictionary<string, WebhookOptions> webhooks) =>
        [.. webhooks.OrderBy(w => w.Key, StringComparer.Ordinal).Select(w => new WebhookSubscription(w.Key, w.Value.EffectiveEventTypes))];
}
