// `status --json` and `watch --json` print Durable Functions' status JSON (the same fields the
// app's GET /runtime/webhooks/durabletask/instances/{id} returns, times to the second), with
// historyEvents in its PascalCase when asked for, so one script reads either.
using System.Globalization;
using System.Text.Json.Nodes;
using EdgeFlows.Cli.Runs;
using EdgeFlows.Cli.Watch;

namespace EdgeFlows.Cli.Output;

/// <summary>Renders runs as JSON.</summary>
public static class RunStatusJson
{
    /// <summary>The status object; <c>historyEvents</c> when the run was read with its history, <c>steps</c> when given.</summary>
    public static JsonObject From(RunStatus run, IReadOnlyList<StepRow>? steps = null)
    {
        ArgumentNullException.ThrowIfNull(run);
        var json = new JsonObject
        {
            ["name"] = run.Name,
            ["instanceId"] = run.InstanceId,
            ["runtimeStatus"] = run.RuntimeStatus.ToString(),
            ["input"] = run.Input?.DeepClone(),
            ["customStatus"] = run.CustomStatus?.DeepClone(),
            ["output"] = run.Failure is { } failure ? JsonValue.Create(failure.ErrorMessage) : run.Output?.DeepClone(),
            ["createdTime"] = Time(run.CreatedTime),
            ["lastUpdatedTime"] = Time(run.LastUpdatedTime),
        };

        if (run.Failure is { } details)
        {
            json["failureDetails"] = new JsonObject { ["errorType"] = details.ErrorType, ["errorMessage"] = details.ErrorMessage };
        }

        if (run.History is { } history)
        {
            json["historyEvents"] = new JsonArray([.. history.Select(History)]);
        }

        if (steps is not null)
        {
            json["steps"] = new JsonArray([.. steps.Select(Step)]);
        }

        return json;
    }

    private static JsonObject History(HistoryEntry e)
    {
        var json = new JsonObject { ["EventType"] = e.EventType };
        Add(json, "FunctionName", e.FunctionName);
        Add(json, "InstanceId", e.InstanceId);
        Add(json, "Name", e.Name);
        if (e.ScheduledTime is { } scheduled)
        {
            json["ScheduledTime"] = Precise(scheduled);
        }

        if (e.FireAt is { } fireAt)
        {
            json["FireAt"] = Precise(fireAt);
        }

        Add(json, "OrchestrationStatus", e.OrchestrationStatus);
        Add(json, "Reason", e.Reason);
        if (e.ErrorType is not null)
        {
            json["FailureDetails"] = new JsonObject { ["ErrorType"] = e.ErrorType, ["ErrorMessage"] = e.Reason };
        }

        json["Timestamp"] = Precise(e.Timestamp);
        return json;
    }

    private static JsonObject Step(StepRow row) => new()
    {
        ["name"] = row.Name,
        ["state"] = row.State.ToString(),
        ["calls"] = row.Calls,
        ["failedCalls"] = row.FailedCalls,
        ["started"] = row.Started is { } s ? Precise(s) : null,
        ["ended"] = row.Ended is { } e ? Precise(e) : null,
        ["detail"] = row.Detail,
    };

    private static void Add(JsonObject json, string name, string? value)
    {
        if (value is not null)
        {
            json[name] = value;
        }
    }

    /// <summary>As Durable Functions writes status times: UTC to the second.</summary>
    private static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string Precise(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);
}
