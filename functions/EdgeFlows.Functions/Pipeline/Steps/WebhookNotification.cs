namespace EdgeFlows.Functions.Pipeline.Steps;

/// <summary>SendWebhook's input: one event for one webhook (named: its URL and secret stay in configuration).</summary>
/// <param name="Webhook">The webhook's name.</param>
/// <param name="EventId">The event's stable id.</param>
/// <param name="Kind">succeeded, rejected or failed.</param>
/// <param name="Subject">The CloudEvents subject: the model or dataset.</param>
/// <param name="Data">The event's data.</param>
public sealed record WebhookNotification(string Webhook, string EventId, string Kind, string Subject, RetrainEventData Data);

/// <summary>The data of a pipeline event.</summary>
/// <param name="InstanceId">The run.</param>
/// <param name="Dataset">The dataset.</param>
/// <param name="Trigger">What started the run.</param>
/// <param name="ModelName">The model.</param>
/// <param name="Version">The registered version, if any.</param>
/// <param name="Promoted">Whether it was promoted.</param>
/// <param name="GateReason">The gate's reason.</param>
/// <param name="Metrics">Its metrics.</param>
/// <param name="ImageReference">The image, if pushed.</param>
/// <param name="ImageDigest">Its digest.</param>
/// <param name="Target">The target it trained on.</param>
/// <param name="JobId">The job id.</param>
/// <param name="DataFingerprint">The data fingerprint.</param>
/// <param name="FailedStep">The step that failed (failed events).</param>
/// <param name="Error">Why (failed events).</param>
public sealed record RetrainEventData(
    string InstanceId,
    string Dataset,
    string Trigger,
    string? ModelName = null,
    int? Version = null,
    bool? Promoted = null,
    string? GateReason = null,
    IReadOnlyDictionary<string, double>? Metrics = null,
    string? ImageReference = null,
    string? ImageDigest = null,
    string? Target = null,
    string? JobId = null,
    string? DataFingerprint = null,
    string? FailedStep = null,
    string? Error = null);

/// <summary>How one webhook delivery went (SendWebhook's output; also in the run's status and result).</summary>
/// <param name="Webhook">The webhook's name.</param>
/// <param name="Kind">The event kind.</param>
/// <param name="EventId">The event id.</param>
/// <param name="Delivered">Whether the receiver accepted it (2xx).</param>
/// <param name="StatusCode">The last HTTP status, if any answer came.</param>
/// <param name="Attempts">Calls made.</param>
/// <param name="Error">Why it was not delivered.</param>
public sealed record WebhookDeliveryRecord(string Webhook, string Kind, string EventId, bool Delivered, int? StatusCode, int Attempts, string? Error);
