// A run's progress as a list of steps, built from its history and custom status. For a
// Retrain run the rows are the pipeline's steps in order (its status polls count under Wait,
// its webhook calls under Notify, a timer under the step whose call follows it); for any other
// orchestrator, one row per activity name in order of first call and one for its timers.
// Each call's start is its scheduled time; a fired timer started when the event before it ended.
using System.Globalization;
using EdgeFlows.Cli.Runs;
using EdgeFlows.Durable;

namespace EdgeFlows.Cli.Watch;

/// <summary>Builds the step rows <c>watch</c> and <c>status</c> show.</summary>
public static class StepTimeline
{
    /// <summary>The row name of timers in runs of orchestrators the CLI does not know.</summary>
    public const string TimerRow = "Timer";

    private sealed record Placed(string Step, HistoryEntry Entry, DateTimeOffset? Start, DateTimeOffset? End);

    /// <summary>The rows for <paramref name="run"/> (read with its history).</summary>
    public static IReadOnlyList<StepRow> Build(RunStatus run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var retrain = RetrainShape.Applies(run.Name);
        var current = JsonFields.GetString(run.CustomStatus, "step");
        var placed = Place(run, retrain, current);

        var order = new List<string>(retrain ? RetrainShape.Steps : []);
        foreach (var p in placed.Where(p => !order.Contains(p.Step)))
        {
            order.Add(p.Step);
        }

        var failedStep = FailedStep(run, retrain, placed);
        var rows = new List<StepRow>();
        foreach (var name in order)
        {
            var previousEnd = rows.Count > 0 ? rows[^1].Ended : run.CreatedTime;
            rows.Add(Row(run, name, [.. placed.Where(p => p.Step == name)], current, failedStep, previousEnd));
        }

        return rows;
    }

    private static List<Placed> Place(RunStatus run, bool retrain, string? current)
    {
        var entries = run.History ?? [];
        var placed = new List<Placed>();
        DateTimeOffset? previousEnd = run.CreatedTime;
        for (var i = 0; i < entries.Count; i++)
        {
            var e = entries[i];
            Placed p;
            if (e.IsPendingCall || e.IsFinishedCall)
            {
                var function = e.FunctionName ?? e.EventType;
                p = new Placed(retrain ? RetrainShape.StepOf(function) : function, e, e.ScheduledTime ?? e.Timestamp, e.IsFinishedCall ? e.Timestamp : null);
            }
            else if (e.IsTimer)
            {
                var fired = e.EventType == "TimerFired";
                p = new Placed(TimerStep(entries, i, retrain, current, run, placed), e, fired ? previousEnd : e.Timestamp, fired ? e.Timestamp : null);
            }
            else
            {
                previousEnd = e.Timestamp;
                continue;
            }

            placed.Add(p);
            previousEnd = p.End ?? p.Start ?? previousEnd;
        }

        return placed;
    }

    /// <summary>A Retrain timer belongs to the step of the call that follows it (a poll, a re-check, a retry).</summary>
    private static string TimerStep(IReadOnlyList<HistoryEntry> entries, int index, bool retrain, string? current, RunStatus run, List<Placed> placedSoFar)
    {
        if (!retrain)
        {
            return TimerRow;
        }

        for (var j = index + 1; j < entries.Count; j++)
        {
            if (entries[j].IsPendingCall || entries[j].IsFinishedCall)
            {
                return RetrainShape.StepOf(entries[j].FunctionName ?? entries[j].EventType);
            }
        }

        if (!run.RuntimeStatus.IsTerminal() && current is not null && RetrainShape.Steps.Contains(current))
        {
            return current;
        }

        return placedSoFar.Count > 0 ? placedSoFar[^1].Step : TimerRow;
    }

    private static string? FailedStep(RunStatus run, bool retrain, List<Placed> placed)
    {
        if (run.RuntimeStatus != OrchestrationRuntimeStatus.Failed)
        {
            return null;
        }

        // The step comes from the status (failedStep) or the pipeline's reason ("… at Wait …"):
        // calls made after the failure (cancelling the job, sending the failure event) must not
        // be taken for the step that failed.
        var named = JsonFields.GetString(run.CustomStatus, "failedStep") ?? (retrain
            ? RetrainShape.FailedStep(JsonFields.GetString(run.CustomStatus, "detail")) ?? RetrainShape.FailedStep(run.Failure?.ErrorMessage)
            : null);
        return named
            ?? placed.LastOrDefault(p => p.Entry.IsFailedCall)?.Step
            ?? placed.LastOrDefault()?.Step
            ?? (retrain ? RetrainShape.Steps[0] : null);
    }

    private static StepRow Row(RunStatus run, string name, List<Placed> entries, string? current, string? failedStep, DateTimeOffset? previousEnd)
    {
        var calls = entries.Count(p => p.Entry.IsPendingCall || p.Entry.IsFinishedCall);
        var failedCalls = entries.Count(p => p.Entry.IsFailedCall);
        var started = entries.Select(p => p.Start).Where(s => s is not null).Min();
        var pendingCall = entries.Any(p => p.Entry.IsPendingCall);
        var pendingTimer = entries.FirstOrDefault(p => p.Entry.EventType == "TimerCreated");
        var ended = pendingCall || pendingTimer is not null ? null : entries.Select(p => p.End).Max();
        var terminal = run.RuntimeStatus.IsTerminal();
        var isCurrent = !terminal && string.Equals(name, current, StringComparison.Ordinal);

        if (name == failedStep)
        {
            var reason = run.Failure?.ErrorMessage ?? entries.LastOrDefault(p => p.Entry.IsFailedCall)?.Entry.Reason;
            return new StepRow(name, StepState.Failed, calls, failedCalls, started ?? previousEnd, ended ?? run.LastUpdatedTime, reason);
        }

        if (entries.Count == 0)
        {
            var state = isCurrent ? StepState.Running
                : !terminal ? StepState.Pending
                : run.RuntimeStatus == OrchestrationRuntimeStatus.Completed ? StepState.Skipped
                : StepState.NotReached;
            return new StepRow(name, state, 0, 0, state == StepState.Running ? previousEnd : null, null, isCurrent ? Progress(run) : null);
        }

        if (pendingCall || pendingTimer is not null)
        {
            if (terminal)
            {
                return new StepRow(name, StepState.Stopped, calls, failedCalls, started, run.LastUpdatedTime, null);
            }

            var waiting = !pendingCall;
            var next = waiting && pendingTimer!.Entry.FireAt is { } fireAt ? $"next check at {fireAt.ToUniversalTime():HH:mm:ss}Z" : null;
            return new StepRow(name, waiting ? StepState.Waiting : StepState.Running, calls, failedCalls, started, null, Join(isCurrent ? Progress(run) : null, next));
        }

        return new StepRow(name, StepState.Completed, calls, failedCalls, started, ended, CallCount(calls, failedCalls));
    }

    /// <summary>The run's progress as its custom status tells it: job phase, job, target, detail.</summary>
    private static string? Progress(RunStatus run)
    {
        var status = run.CustomStatus;
        var phase = JsonFields.GetString(status, "phase");
        var job = JsonFields.GetString(status, "jobId");
        var target = JsonFields.GetString(status, "target");
        return Join(
            phase is null ? null : $"training {phase}",
            job is null ? null : $"job {job}",
            target is null ? null : $"on {target}",
            JsonFields.GetString(status, "detail"));
    }

    private static string? CallCount(int calls, int failed) => calls switch
    {
        <= 1 when failed == 0 => null,
        _ when failed == 0 => string.Create(CultureInfo.InvariantCulture, $"{calls} calls"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{calls} calls, {failed} failed"),
    };

    private static string? Join(params string?[] parts)
    {
        var present = parts.Where(p => !string.IsNullOrEmpty(p)).ToList();
        return present.Count == 0 ? null : string.Join(" · ", present);
    }
}
