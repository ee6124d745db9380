// The RejectModel step, run when a version the gate promoted could not be shipped: its image
// push failed for good. The version is recorded as Rejected with the reason, so the registry
// never shows a champion without an image; the previous champion stays promoted (promotion
// only happens once the image is there, in BuildAndPushImage). Idempotent: a version already
// rejected keeps its first reason, and one that did get promoted with its image (a push that
// succeeded on an attempt whose reply was lost) is left as it is.
using EdgeFlows.Activities.Models;
using EdgeFlows.Durable;
using EdgeFlows.Functions.Pipeline.Steps;
using Microsoft.Extensions.Logging;

namespace EdgeFlows.Functions.Pipeline.Activities;

/// <summary>Rejects a version whose image could not be pushed; returns the version's stage afterwards.</summary>
public sealed class RejectModel(IModelRegistry registry, SecretRedactor redactor, ILogger<RejectModel> logger)
    : RetrainActivity<RejectModelInput, string>(redactor, logger)
{
    /// <inheritdoc />
    protected override async Task<string> ExecuteAsync(TaskActivityContext context, RejectModelInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var version = await registry.GetAsync(input.ModelName, input.Version, cancellationToken)
            ?? throw new RetrainStepRefusedException($"Model '{input.ModelName}' has no version {input.Version} to reject.");
        if (version.Stage == ModelStage.Candidate)
        {
            version = await registry.SetStageAsync(input.ModelName, input.Version, ModelStage.Rejected, Redactor.Redact(input.Reason)!, cancellationToken);
        }

        return version.Stage.ToString();
    }
}
