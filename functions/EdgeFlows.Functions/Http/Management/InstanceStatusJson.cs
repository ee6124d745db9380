// The status JSON of Durable Functions' HTTP API: name, instanceId, runtimeStatus, input,
// customStatus, output, createdTime, lastUpdatedTime and, when asked, historyEvents. Payloads
// appear as the JSON they are, not as strings. A failed instance's output is its error
// message, as in Durable Functions; failureDetails (an addition) has the error type too.
using System.Globalization;
using System.Text.Json.Nodes;
using EdgeFlows.Durable;
using EdgeFlows.Durable.History;
using EdgeFlows.Durable.Stores;

namespace EdgeFlows.Functions.Http.Management;

/// <summary>Builds Durable Functions-shaped status JSON.</summary>
public static class InstanceStatusJson
{
    /// <summary>The status object of an instance.</summary>
    /// <param name="instance">The instance (with payloads).</param>
    /// <param name="showInput">Include the input (else null).</param>
    /// <param name="history">The history for <c>historyEvents</c>; null to leave the field out.</param>
    /// <param name="showHistoryOutput">Include results and inputs in the history events.</param>
    public static JsonObject From(OrchestrationInstance instance, bool showInput, IReadOnlyList<HistoryEvent>? history = null, bool showHistoryOutput = false)
    {
        ArgumentNullException.ThrowIfNull(instance);
        var status = new JsonObject
        {
            ["name"] = instance.Name,
            ["instanceId"] = instance.InstanceId,
            ["runtimeStatus"] = instance.Status.ToString(),
            ["input"] = showInput ? Parse(instance.Input) : null,
            ["customStatus"] = Parse(instance.CustomStatus),
            ["output"] = instance.Failure is { } failure ? JsonValue.Create(failure.ErrorMessage) : Parse(instance.Output),
            ["createdTime"] = Time(instance.CreatedAt),
            ["lastUpdatedTime"] = Time(instance.LastUpdatedAt),
        };

        if (instance.Failure is { } details)
        {
            status["failureDetails"] = new JsonObject { ["errorType"] = details.ErrorType, ["errorMessage"] = details.ErrorMessage };
        }

        if (history is not null)
        {
            status["historyEvents"] = HistoryEventsJson.From(history, showHistoryOutput);
        }

        return status;
    }

    /// <summary>The HTTP status code Durable Functions answers a status query with.</summary>
    /// <param name="status">The instance's status.</param>
    /// <param name="returnInternalServerErrorOnFailure">500 rather than 200 for a failed instance.</param>
    public static int HttpStatusFor(OrchestrationRuntimeStatus status, bool returnInternalServerErrorOnFailure) => status switch
    {
        OrchestrationRuntimeStatus.Failed when returnInternalServerErrorOnFailure => StatusCodes.Status500InternalServerError,
        OrchestrationRuntimeStatus.Completed or OrchestrationRuntimeStatus.Failed or OrchestrationRuntimeStatus.Terminated => StatusCodes.Status200OK,
        _ => StatusCodes.Status202Accepted,
    };

    /// <summary>A time as Durable Functions writes it: UTC to the second, e.g. <c>2026-01-31T08:15:00Z</c>.</summary>
    public static string Time(DateTime utc) =>
        DateTime.SpecifyKind(utc, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>A stored JSON payload as a node; a payload that is not JSON is kept as a string.</summary>
    public static JsonNode? Parse(string? json)
    {
        if (json is null)
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(json);
        }
        catch (System.Text.Json.JsonException)
        {
            return JsonValue.Create(json);
        }
    }
}
