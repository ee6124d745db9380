// historyEvents as Durable Functions shows them: PascalCase fields, each activity or
// sub-orchestration as one TaskCompleted/TaskFailed (or SubOrchestrationInstance…) event
// carrying its FunctionName and ScheduledTime, and OrchestratorStarted markers left out.
// Scheduled calls without a result yet stay as TaskScheduled/SubOrchestrationInstanceCreated.
using System.Globalization;
using System.Text.Json.Nodes;
using EdgeFlows.Durable;
using EdgeFlows.Durable.History;

namespace EdgeFlows.Functions.Http.Management;

/// <summary>Renders a history the way Durable Functions' status API does.</summary>
public static class HistoryEventsJson
{
    /// <summary>The events as a JSON array.</summary>
    /// <param name="history">The execution's history, in order.</param>
    /// <param name="showOutput">Include inputs and results (<c>showHistoryOutput=true</c>).</param>
    public static JsonArray From(IReadOnlyList<HistoryEvent> history, bool showOutput)
    {
        var collapsed = CollapsedHistory.Of(history);
        var events = new JsonArray();
        foreach (var e in collapsed.Events)
        {
            events.Add(Render(e, collapsed, showOutput));
        }

        return events;
    }

    private static JsonObject Render(HistoryEvent e, CollapsedHistory scheduled, bool showOutput)
    {
        var json = new JsonObject { ["EventType"] = EventType(e) };
        switch (e)
        {
            case ExecutionStarted s:
                json["FunctionName"] = s.Name;
                if (showOutput)
                {
                    json["Input"] = InstanceStatusJson.Parse(s.Input);
                }

                break;
            case TaskScheduled s:
                json["FunctionName"] = s.Name;
                break;
            case SubOrchestrationCreated s:
                json["FunctionName"] = s.Name;
                json["InstanceId"] = s.InstanceId;
                break;
            case TaskCompleted c:
                AddCall(json, c.TaskScheduledId, scheduled);
                AddOutput(json, "Result", c.Result, showOutput);
                break;
            case TaskFailed f:
                AddCall(json, f.TaskScheduledId, scheduled);
                AddFailure(json, f.FailureDetails);
                break;
            case SubOrchestrationCompleted c:
                AddCall(json, c.TaskScheduledId, scheduled);
                AddOutput(json, "Result", c.Result, showOutput);
                break;
            case SubOrchestrationFailed f:
                AddCall(json, f.TaskScheduledId, scheduled);
                AddFailure(json, f.FailureDetails);
                break;
            case TimerCreated t:
                json["FireAt"] = Time(t.FireAt);
                break;
            case TimerFired t:
                json["FireAt"] = Time(t.FireAt);
                break;
            case EventRaised r:
                json["Name"] = r.Name;
                AddOutput(json, "Input", r.Input, showOutput);
                break;
            case ExecutionSuspended s:
                json["Reason"] = s.Reason;
                break;
            case ExecutionResumed r:
                json["Reason"] = r.Reason;
                break;
            case ExecutionTerminated t:
                json["Reason"] = t.Reason;
                break;
            case ExecutionCompleted c:
                json["OrchestrationStatus"] = c.Status.ToString();
                AddOutput(json, "Result", c.Result, showOutput);
                if (c.FailureDetails is { } failure)
                {
                    AddFailure(json, failure);
                }

                break;
        }

        json["Timestamp"] = Time(e.Timestamp);
        return json;
    }

    // Durable Task's names where they differ from ours.
    private static string EventType(HistoryEvent e) => e switch
    {
        SubOrchestrationCreated => "SubOrchestrationInstanceCreated",
        SubOrchestrationCompleted => "SubOrchestrationInstanceCompleted",
        SubOrchestrationFailed => "SubOrchestrationInstanceFailed",
        _ => e.EventType,
    };

    private static void AddCall(JsonObject json, int taskId, CollapsedHistory scheduled)
    {
        if (scheduled.ScheduledBy(taskId) is { } call)
        {
            json["FunctionName"] = call switch
            {
                TaskScheduled t => t.Name,
                SubOrchestrationCreated s => s.Name,
                _ => null,
            };
            json["ScheduledTime"] = Time(call.Timestamp);
        }
    }

    private static void AddOutput(JsonObject json, string field, string? payload, bool showOutput)
    {
        if (showOutput)
        {
            json[field] = InstanceStatusJson.Parse(payload);
        }
    }

    private static void AddFailure(JsonObject json, TaskFailureDetails failure)
    {
        json["Reason"] = failure.ErrorMessage;
        json["FailureDetails"] = new JsonObject { ["ErrorType"] = failure.ErrorType, ["ErrorMessage"] = failure.ErrorMessage };
    }

    private static string Time(DateTime utc) =>
        DateTime.SpecifyKind(utc, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);
}
