// The parts of the app's JSON documents the demo reads (docs/http-api.md and
// docs/retrain-pipeline.md describe them in full). Read by name, case-insensitively, so the
// demo depends on the documented shapes, not on the app's assemblies.
using System.Text.Json;

namespace EdgeFlows.Samples.Demo.App;

/// <summary>A page of <c>GET /api/runs</c>.</summary>
public sealed record RunPage(IReadOnlyList<RunItem> Items, string? ContinuationToken);

/// <summary>A run in <c>GET /api/runs</c>.</summary>
public sealed record RunItem(string Id, string? Dataset, string? Trigger, string Status, DateTimeOffset CreatedTime);

/// <summary>A run's status (Durable Functions' shape).</summary>
public sealed record RunStatus(
    string Name,
    string InstanceId,
    string RuntimeStatus,
    JsonElement? Input,
    JsonElement? CustomStatus,
    JsonElement? Output,
    DateTimeOffset CreatedTime,
    DateTimeOffset LastUpdatedTime)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>True once Completed, Failed or Terminated.</summary>
    public bool IsFinished => RuntimeStatus is "Completed" or "Failed" or "Terminated";

    /// <summary>The pipeline's step from the custom status, if any.</summary>
    public string? Step => Property(CustomStatus, "step");

    /// <summary>The training job's phase from the custom status, if any.</summary>
    public string? Phase => Property(CustomStatus, "phase");

    /// <summary>The custom status's detail (what the step waits for, or why it failed).</summary>
    public string? Detail => Property(CustomStatus, "detail");

    /// <summary>The input's <c>reason</c> (for the blob trigger: <c>marker</c> or <c>quiet-period</c>).</summary>
    public string? Reason => Property(Input, "reason");

    /// <summary>The completed run's result, or null.</summary>
    public RetrainOutcome? Result =>
        RuntimeStatus == "Completed" && Output is { ValueKind: JsonValueKind.Object } output ? output.Deserialize<RetrainOutcome>(Json) : null;

    /// <summary>The failed run's reason (its output is the error message, as in Durable Functions).</summary>
    public string? Error => RuntimeStatus != "Completed" && Output is { ValueKind: JsonValueKind.String } output ? output.GetString() : null;

    private static string? Property(JsonElement? element, string name)
    {
        if (element is not { ValueKind: JsonValueKind.Object } e)
        {
            return null;
        }

        foreach (var property in e.EnumerateObject())
        {
            if (property.NameEquals(name) || string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString() : property.Value.ToString();
            }
        }

        return null;
    }
}

/// <summary>A completed Retrain run's output (the pipeline's <c>RetrainResult</c>).</summary>
public sealed record RetrainOutcome(
    string Dataset,
    string ModelName,
    int Version,
    bool Promoted,
    string GateReason,
    IReadOnlyDictionary<string, double> Metrics,
    string? ImageReference,
    string? ImageDigest,
    IReadOnlyList<WebhookDelivery> Webhooks,
    string Target,
    string JobId,
    string DataFingerprint,
    double? TrainingSeconds);

/// <summary>How one webhook delivery went, as the app recorded it.</summary>
public sealed record WebhookDelivery(string Webhook, string Kind, string EventId, bool Delivered, int? StatusCode, int Attempts, string? Error);

/// <summary>A page of <c>GET /api/models</c>.</summary>
public sealed record ModelPage(IReadOnlyList<ModelVersionItem> Items, string? ContinuationToken);

/// <summary>A model version in the registry.</summary>
public sealed record ModelVersionItem(
    string Name,
    int Version,
    string Stage,
    IReadOnlyDictionary<string, double>? Metrics,
    string? ImageReference);
