// Reads the app's JSON into the CLI's records: Durable Functions' status JSON (with
// historyEvents in its PascalCase), the items of GET /api/runs, and model versions. Reads are
// tolerant of casing and of fields the CLI does not know; a field it needs and cannot read
// fails with a message that names it.
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using EdgeFlows.Activities.Models;
using EdgeFlows.Cli.Runs;
using EdgeFlows.Durable;

namespace EdgeFlows.Cli.Backends.Remote;

/// <summary>Parses the app's answers.</summary>
internal static class RemoteJson
{
    private static readonly JsonSerializerOptions ModelOptions = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>A status object (<c>GET /instances/{id}</c>).</summary>
    public static RunStatus Status(JsonNode? json)
    {
        var status = RuntimeStatus(JsonFields.Get(json, "runtimeStatus"), "runtimeStatus");
        var failure = JsonFields.Get(json, "failureDetails") is JsonObject details
            ? new RunFailure(JsonFields.GetString(details, "errorType"), JsonFields.GetString(details, "errorMessage") ?? string.Empty)
            : null;

        // Durable Functions puts a failed instance's error message in "output".
        var output = JsonFields.Get(json, "output")?.DeepClone();
        if (status == OrchestrationRuntimeStatus.Failed)
        {
            failure ??= new RunFailure(null, output is JsonValue message ? JsonFields.AsString(message) ?? string.Empty : string.Empty);
            output = null;
        }

        return new RunStatus
        {
            InstanceId = Required(json, "instanceId"),
            Name = JsonFields.GetString(json, "name") ?? string.Empty,
            RuntimeStatus = status,
            Input = JsonFields.Get(json, "input")?.DeepClone(),
            CustomStatus = JsonFields.Get(json, "customStatus")?.DeepClone(),
            Output = output,
            Failure = failure,
            CreatedTime = Time(json, "createdTime") ?? throw Unreadable("createdTime"),
            LastUpdatedTime = Time(json, "lastUpdatedTime") ?? throw Unreadable("lastUpdatedTime"),
            History = JsonFields.Get(json, "historyEvents") is JsonArray events ? [.. events.Select(History)] : null,
        };
    }

    /// <summary>One item of <c>GET /api/runs</c>.</summary>
    public static RunSummary Run(JsonNode? json) => new(
        Required(json, "id"),
        JsonFields.GetString(json, "dataset"),
        JsonFields.GetString(json, "trigger"),
        RuntimeStatus(JsonFields.Get(json, "status"), "status"),
        Time(json, "createdTime") ?? throw Unreadable("createdTime"),
        Time(json, "lastUpdatedTime") ?? throw Unreadable("lastUpdatedTime"),
        Time(json, "completedTime"),
        JsonFields.Get(json, "customStatus")?.DeepClone(),
        JsonFields.Get(json, "output")?.DeepClone(),
        JsonFields.GetString(json, "error"));

    /// <summary>A model version.</summary>
    public static ModelVersion Model(JsonNode? json)
    {
        try
        {
            return json.Deserialize<ModelVersion>(ModelOptions) ?? throw Unreadable("model version");
        }
        catch (JsonException ex)
        {
            throw new CliException(ExitCodes.Error, $"The app answered with a model version the CLI cannot read: {ex.Message}");
        }
    }

    /// <summary>The items of a page, under <c>items</c> (or the registry's <c>versions</c>).</summary>
    public static JsonArray Items(JsonNode? page) =>
        JsonFields.Get(page, "items") as JsonArray ?? JsonFields.Get(page, "versions") as JsonArray ?? throw Unreadable("items");

    private static HistoryEntry History(JsonNode? e)
    {
        var failure = JsonFields.Get(e, "FailureDetails");
        return new HistoryEntry(
            Required(e, "EventType"),
            Time(e, "Timestamp") ?? throw Unreadable("historyEvents[].Timestamp"),
            FunctionName: JsonFields.GetString(e, "FunctionName"),
            ScheduledTime: Time(e, "ScheduledTime"),
            FireAt: Time(e, "FireAt"),
            Name: JsonFields.GetString(e, "Name"),
            Reason: JsonFields.GetString(e, "Reason"),
            ErrorType: JsonFields.GetString(failure, "ErrorType"),
            OrchestrationStatus: JsonFields.GetString(e, "OrchestrationStatus"),
            InstanceId: JsonFields.GetString(e, "InstanceId"));
    }

    private static OrchestrationRuntimeStatus RuntimeStatus(JsonNode? value, string field)
    {
        // By name as Durable Functions writes it; by number from a serializer without the string enum converter.
        if (value is JsonValue v && v.GetValueKind() == JsonValueKind.String && Enum.TryParse<OrchestrationRuntimeStatus>(v.GetValue<string>(), true, out var named))
        {
            return named;
        }

        if (value is JsonValue n && n.GetValueKind() == JsonValueKind.Number && n.TryGetValue<int>(out var number) && Enum.IsDefined((OrchestrationRuntimeStatus)number))
        {
            return (OrchestrationRuntimeStatus)number;
        }

        throw Unreadable(field);
    }

    private static string Required(JsonNode? json, string field) => JsonFields.GetString(json, field) ?? throw Unreadable(field);

    private static DateTimeOffset? Time(JsonNode? json, string field)
    {
        var text = JsonFields.GetString(json, field);
        if (text is null)
        {
            return null;
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time)
            ? time
            : throw Unreadable(field);
    }

    private static CliException Unreadable(string field) =>
        new(ExitCodes.Error, $"The app's answer has no readable '{field}'; is the URL an EdgeFlows app of a compatible version?");
}
