using System.Text.Json.Nodes;
using EdgeFlows.Cli.Runs;
using EdgeFlows.Cli.Watch;
using EdgeFlows.Durable;

namespace EdgeFlows.Cli.Tests.Watch;

/// <summary>How a run's history and custom status become steps (runs built by hand, shaped as both backends give them).</summary>
public sealed class StepTimelineTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 31, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Build_RetrainWaiting_CountsPollsAndTimersUnderWaitWithTheJobsProgress()
    {
        var run = Run(OrchestrationRuntimeStatus.Running, """{"step":"Wait","phase":"Running","target":"vm1","jobId":"j1"}""",
            Done("PlanRetrain", 1, 2),
            Done("CheckCompute", 2, 3),
            Done("StartTraining", 3, 4),
            new HistoryEntry("TimerFired", T0.AddSeconds(14), FireAt: T0.AddSeconds(14)),
            Done("GetTrainingStatus", 14, 15),
            new HistoryEntry("TimerCreated", T0.AddSeconds(15), FireAt: T0.AddSeconds(45)));

        var rows = StepTimeline.Build(run);

        Assert.Equal(RetrainSteps, rows.Select(r => r.Name));
        var wait = rows.Single(r => r.Name == "Wait");
        Assert.Equal(StepState.Waiting, wait.State);
        Assert.Equal(1, wait.Calls);
        Assert.Equal(T0.AddSeconds(4), wait.Started);
        Assert.Contains("training Running · job j1 · on vm1", wait.Detail, StringComparison.Ordinal);
        Assert.Contains("next check at 08:00:45Z", wait.Detail, StringComparison.Ordinal);
        Assert.Equal(StepState.Pending, rows.Single(r => r.Name == "RegisterModel").State);
    }

    [Fact]
    public void Build_RetrainFailedAtWait_MarksWaitFailedAndTheFailureWebhookCompleted()
    {
        const string reason = "Retrain of dataset 'd' at Wait (target vm1, job j1) failed: training failed with exit code 3";
        var run = Run(OrchestrationRuntimeStatus.Failed, $$"""{"step":"Failed","detail":"{{reason}}"}""",
            Done("PlanRetrain", 1, 2),
            Done("CheckCompute", 2, 3),
            Done("StartTraining", 3, 4),
            Done("GetTrainingStatus", 5, 6),
            Done("SendWebhook", 6, 7)) with { Failure = new RunFailure("InvalidOperationException", reason) };

        var rows = StepTimeline.Build(run).ToDictionary(r => r.Name);

        Assert.Equal(StepState.Failed, rows["Wait"].State);
        Assert.Equal(reason, rows["Wait"].Detail);
        Assert.Equal(StepState.NotReached, rows["RegisterModel"].State);
        Assert.Equal(StepState.Completed, rows["Notify"].State);
    }

    [Fact]
    public void Build_FailedStepInTheStatus_IsTheStepMarkedFailed()
    {
        var run = Run(OrchestrationRuntimeStatus.Failed, """{"step":"Failed","failedStep":"CheckCompute","detail":"no target fits"}""",
            Done("PlanRetrain", 1, 2),
            Done("CheckCompute", 2, 3),
            Done("SendWebhook", 4, 5)) with { Failure = new RunFailure(null, "no target fits") };

        var rows = StepTimeline.Build(run).ToDictionary(r => r.Name);

        Assert.Equal(StepState.Failed, rows["CheckCompute"].State);
        Assert.Equal(StepState.NotReached, rows["StartTraining"].State);
    }

    [Fact]
    public void Build_CallRetriedAfterAFailure_IsCompletedWithTheFailedAttemptCounted()
    {
        var run = Run(OrchestrationRuntimeStatus.Running, """{"step":"CheckCompute"}""",
            Done("PlanRetrain", 1, 2),
            Done("CheckCompute", 2, 3, failed: true),
            new HistoryEntry("TimerFired", T0.AddSeconds(5), FireAt: T0.AddSeconds(5)),
            Done("CheckCompute", 5, 6),
            new HistoryEntry("TaskScheduled", T0.AddSeconds(6), FunctionName: "StartTraining"));

        var rows = StepTimeline.Build(run).ToDictionary(r => r.Name);

        Assert.Equal(StepState.Completed, rows["CheckCompute"].State);
        Assert.Equal("2 calls, 1 failed", rows["CheckCompute"].Detail);
        Assert.Equal(StepState.Running, rows["StartTraining"].State);
    }

    [Fact]
    public void Build_CompletedRetrainWithoutImage_SkipsTheImageStep()
    {
        var run = Run(OrchestrationRuntimeStatus.Completed, """{"step":"Completed"}""",
            Done("PlanRetrain", 1, 2), Done("CheckCompute", 2, 3), Done("StartTraining", 3, 4), Done("GetTrainingStatus", 5, 6), Done("RegisterModel", 6, 7), Done("SendWebhook", 7, 8));

        var rows = StepTimeline.Build(run).ToDictionary(r => r.Name);

        Assert.Equal(StepState.Skipped, rows["BuildAndPushImage"].State);
        Assert.All(rows.Values.Where(r => r.Name != "BuildAndPushImage"), r => Assert.Equal(StepState.Completed, r.State));
    }

    [Fact]
    public void Build_TerminatedWhileACallRan_MarksItStopped()
    {
        var run = Run(OrchestrationRuntimeStatus.Terminated, """{"step":"StartTraining"}""",
            Done("PlanRetrain", 1, 2), Done("CheckCompute", 2, 3), new HistoryEntry("TaskScheduled", T0.AddSeconds(3), FunctionName: "StartTraining"));

        var rows = StepTimeline.Build(run).ToDictionary(r => r.Name);

        Assert.Equal(StepState.Stopped, rows["StartTraining"].State);
        Assert.Equal(StepState.NotReached, rows["Wait"].State);
    }

    [Fact]
    public void Build_OtherOrchestrator_HasARowPerActivityAndOneForTimersInOrder()
    {
        var run = Run(OrchestrationRuntimeStatus.Running, null,
            Done("Fetch", 1, 2),
            new HistoryEntry("TimerFired", T0.AddSeconds(4), FireAt: T0.AddSeconds(4)),
            Done("Fetch", 4, 5),
            new HistoryEntry("TaskScheduled", T0.AddSeconds(5), FunctionName: "Store")) with { Name = "Importer" };

        var rows = StepTimeline.Build(run);

        Assert.Equal(["Fetch", StepTimeline.TimerRow, "Store"], rows.Select(r => r.Name));
        Assert.Equal(2, rows[0].Calls);
        Assert.Equal(StepState.Completed, rows[1].State);
        Assert.Equal(StepState.Running, rows[2].State);
    }

    private static readonly string[] RetrainSteps = ["PlanRetrain", "CheckCompute", "StartTraining", "Wait", "RegisterModel", "BuildAndPushImage", "Notify"];

    private static HistoryEntry Done(string function, int scheduled, int finished, bool failed = false) =>
        new(failed ? "TaskFailed" : "TaskCompleted", T0.AddSeconds(finished), FunctionName: function, ScheduledTime: T0.AddSeconds(scheduled), Reason: failed ? "unreachable" : null);

    private static RunStatus Run(OrchestrationRuntimeStatus status, string? customStatus, params HistoryEntry[] history) => new()
    {
        InstanceId = "retrain:d:1",
        Name = "Retrain",
        RuntimeStatus = status,
        CustomStatus = customStatus is null ? null : JsonNode.Parse(customStatus),
        CreatedTime = T0,
        LastUpdatedTime = T0.AddSeconds(history.Length == 0 ? 0 : 60),
        History = [new HistoryEntry("ExecutionStarted", T0, FunctionName: "Retrain"), .. history],
    };
}
