namespace EdgeFlows.Functions.Pipeline;

/// <summary>
/// The registered names of the <see cref="Retrain"/> orchestration's activities. They are part
/// of every run's history: renaming one breaks runs in flight.
/// </summary>
public static class RetrainSteps
{
    /// <summary>Freezes the run's settings and lists its data: <c>PlanRetrainInput</c> → <c>RetrainPlan</c>.</summary>
    public const string Plan = "PlanRetrain";

    /// <summary>Probes one training target: <c>CheckComputeInput</c> → <c>TargetReport</c>.</summary>
    public const string CheckCompute = "CheckCompute";

    /// <summary>Starts (or finds) the job: <c>StartTrainingInput</c> → <c>TrainingJobState</c>.</summary>
    public const string StartTraining = "StartTraining";

    /// <summary>The job's status: <c>TrainingJobRef</c> → <c>TrainingJobState</c>.</summary>
    public const string GetTrainingStatus = "GetTrainingStatus";

    /// <summary>Cancels the job: <c>TrainingJobRef</c> → <c>TrainingJobState</c>.</summary>
    public const string CancelTraining = "CancelTraining";

    /// <summary>Reads metrics, registers the version, applies the gate: <c>RegisterModelInput</c> → <c>RegisteredModel</c>.</summary>
    public const string RegisterModel = "RegisterModel";

    /// <summary>Builds and pushes the model's image: <c>BuildImageInput</c> → <c>PushedImage</c>.</summary>
    public const string BuildAndPushImage = "BuildAndPushImage";

    /// <summary>Rejects a promoted version whose image push failed: <c>RejectModelInput</c> → its stage.</summary>
    public const string RejectModel = "RejectModel";

    /// <summary>Sends one event to one webhook: <c>WebhookNotification</c> → <c>WebhookDeliveryRecord</c>.</summary>
    public const string SendWebhook = "SendWebhook";

    /// <summary>The Wait step (durable timers and status polls; no activity of its own).</summary>
    public const string Wait = "Wait";

    /// <summary>The Notify step (a <see cref="SendWebhook"/> per webhook).</summary>
    public const string Notify = "Notify";
}
