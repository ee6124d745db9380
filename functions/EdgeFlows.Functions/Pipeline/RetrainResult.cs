using EdgeFlows.Functions.Pipeline.Steps;

namespace EdgeFlows.Functions.Pipeline;

/// <summary>The output of a completed <see cref="Retrain"/> run (a rejected challenger is a completed run too).</summary>
/// <param name="Dataset">The dataset.</param>
/// <param name="ModelName">The model.</param>
/// <param name="Version">The version registered.</param>
/// <param name="Promoted">Whether the gate promoted it.</param>
/// <param name="GateReason">The gate's reason.</param>
/// <param name="Metrics">The version's metrics.</param>
/// <param name="ImageReference">The image pushed for a promoted version.</param>
/// <param name="ImageDigest">Its manifest digest.</param>
/// <param name="Webhooks">How each webhook delivery went; an undelivered one does not fail the run.</param>
/// <param name="Target">The target it trained on.</param>
/// <param name="JobId">The training job id.</param>
/// <param name="DataFingerprint">The fingerprint of the data trained on.</param>
/// <param name="TrainingSeconds">How long the training command ran, as the target measured it.</param>
public sealed record RetrainResult(
    string Dataset,
    string ModelName,
    int Version,
    bool Promoted,
    string GateReason,
    IReadOnlyDictionary<string, double> Metrics,
    string? ImageReference,
    string? ImageDigest,
    IReadOnlyList<WebhookDeliveryRecord> Webhooks,
    string Target,
    string JobId,
    string DataFingerprint,
    double? TrainingSeconds);
