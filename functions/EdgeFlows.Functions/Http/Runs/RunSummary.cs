using System.Text.Json;
using System.Text.Json.Nodes;
using EdgeFlows.Durable;
using EdgeFlows.Durable.Stores;
using EdgeFlows.Functions.Http.Management;

namespace EdgeFlows.Functions.Http.Runs;

/// <summary>One retrain run as <c>GET /api/runs</c> lists it.</summary>
/// <param name="Id">The instance id.</param>
/// <param name="Dataset">The dataset (from the run's input).</param>
/// <param name="Trigger">What started it: http, blob, schedule (from the input).</param>
/// <param name="Status">Its runtime status.</param>
/// <param name="CreatedTime">When it was started.</param>
/// <param name="LastUpdatedTime">When it last changed.</param>
/// <param name="CompletedTime">When it finished, if it has.</param>
/// <param name="CustomStatus">Its progress, as the pipeline reports it.</param>
/// <param name="Output">Its result, once completed.</param>
/// <param name="Error">Why it failed, if it did.</param>
public sealed record RunSummary(
    string Id,
    string? Dataset,
    string? Trigger,
    OrchestrationRuntimeStatus Status,
    DateTimeOffset CreatedTime,
    DateTimeOffset LastUpdatedTime,
    DateTimeOffset? CompletedTime,
    JsonNode? CustomStatus,
    JsonNode? Output,
    string? Error)
{
    /// <summary>The summary of a run instance (read with payloads).</summary>
    public static RunSummary From(OrchestrationInstance instance)
    {
        ArgumentNullException.ThrowIfNull(instance);
        return new RunSummary(
            instance.InstanceId,
            InputField(instance.Input, "dataset"),
            InputField(instance.Input, "trigger"),
            instance.Status,
            Utc(instance.CreatedAt),
            Utc(instance.LastUpdatedAt),
            instance.CompletedAt is { } completed ? Utc(completed) : null,
            InstanceStatusJson.Parse(instance.CustomStatus),
            InstanceStatusJson.Parse(instance.Output),
            instance.Failure?.ErrorMessage);
    }

    /// <summary>A top-level string field of a run's input (any casing), or null.</summary>
    public static string? InputField(string? input, string name)
    {
        if (input is null)
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(input);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase) && property.Value.ValueKind == JsonValueKind.String)
                {
                    return property.Value.GetString();
                }
            }
        }
        catch (JsonException)
        {
            // Not a JSON object: no such field.
        }

        return null;
    }

    private static DateTimeOffset Utc(DateTime time) => new(DateTime.SpecifyKind(time, DateTimeKind.Utc));
}

/// <summary>A page of runs; pass <paramref name="ContinuationToken"/> back as <c>continuationToken</c> for the next (null on the last).</summary>
public sealed record RunPage(IReadOnlyList<RunSummary> Items, string? ContinuationToken);
