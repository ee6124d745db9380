// Scripted stand-ins for the Retrain orchestration's activities, for testing the
// orchestration's own logic (choosing a target, the deadline, the wait loop, the failure path)
// on the real runtime. Each step's behaviour is a delegate a test replaces; every call is
// recorded. The real activities are tested against real services elsewhere.
using EdgeFlows.Activities.Training;
using System.Collections.Concurrent;
using EdgeFlows.Functions.Pipeline;
using EdgeFlows.Functions.Pipeline.Configuration;
using EdgeFlows.Functions.Pipeline.Steps;

namespace EdgeFlows.Functions.Tests.Pipeline.Orchestration;

public sealed class FakePipeline
{
    private readonly ConcurrentQueue<(string Step, object? Input)> _calls = new();
    private readonly ConcurrentDictionary<string, int> _counts = new();

    public Func<PlanRetrainInput, RetrainPlan> Plan { get; set; } = input => DefaultPlan(input.JobId);

    /// <summary>A target's report at its n-th check (1-based).</summary>
    public Func<string, int, TargetReport> Compute { get; set; } = (target, _) => FitReport(target);

    public Func<StartTrainingInput, TrainingJobState> Start { get; set; } = input => new TrainingJobState(input.JobId, TrainingJobPhase.Running);

    /// <summary>The job's state at the n-th status poll (1-based).</summary>
    public Func<TrainingJobRef, int, TrainingJobState> Status { get; set; } = (job, poll) =>
        new TrainingJobState(job.JobId, poll >= 2 ? TrainingJobPhase.Succeeded : TrainingJobPhase.Running, poll >= 2 ? 0 : null, TrainingSeconds: 1.5, LastLogLines: [$"epoch {poll}"]);

    public Func<TrainingJobRef, TrainingJobState> Cancel { get; set; } = job => new TrainingJobState(job.JobId, TrainingJobPhase.Cancelled);

    public Func<RegisterModelInput, RegisteredModel> Register { get; set; } = input =>
        new RegisteredModel(input.ModelName, 1, true, "first version", new Dictionary<string, double> { ["accuracy"] = 0.9 }, $"blob://{input.Container}/{input.OutputPrefix}");

    public Func<BuildImageInput, PushedImage> Image { get; set; } = input =>
        new PushedImage($"registry.test/models/{input.ModelName}:{input.Version}", "sha256:" + new string('a', 64), 1234, 2, 1000);

    public Func<WebhookNotification, WebhookDeliveryRecord> Webhook { get; set; } = n =>
        new WebhookDeliveryRecord(n.Webhook, n.Kind, n.EventId, true, 204, 1, null);

    public IReadOnlyList<(string Step, object? Input)> Calls => [.. _calls];

    public IReadOnlyList<T> InputsOf<T>(string step) => [.. Calls.Where(c => c.Step == step).Select(c => (T)c.Input!)];

    public int CountOf(string step) => _counts.GetValueOrDefault(step);

    /// <summary>Records a call and returns how many calls of that step (and key) there were, this one included.</summary>
    public int Record(string step, object? input, string? key = null)
    {
        _calls.Enqueue((step, input));
        _counts.AddOrUpdate(step, 1, (_, n) => n + 1);
        return _counts.AddOrUpdate($"{step}:{key}", 1, (_, n) => n + 1);
    }

    public static TargetReport FitReport(string target, int runningJobs = 0, long memory = 8L << 30) =>
        new(target, true, null, "linux", 50L << 30, 16L << 30, memory, 4, 0, "docker", runningJobs, 2);

    public static RetrainPlan DefaultPlan(string jobId, params string[] targets) => new(
        Dataset: "iris",
        ModelName: "iris",
        Trigger: RetrainTriggers.Http,
        Reason: "test",
        JobId: jobId,
        Recipe: new RecipePlan("default", ["python3", "{code}/train.py"], [], new Dictionary<string, string>(), TimeSpan.FromMinutes(10),
            NeedsDocker: false, NeedsGpu: false, MinFreeDiskBytes: 1L << 30, MinMemoryBytes: 1L << 30, ["model.json", "metrics.json"], ["model.json"], "metrics.json", "sha256:0123456789abcdef"),
        Targets: targets.Length == 0 ? ["vm1"] : targets,
        Container: "data",
        Prefix: "training-data/iris/",
        Inputs: [new TrainingInput("iris.csv", "training-data/iris/iris.csv", "0x1", 100)],
        DataFingerprint: "f1",
        OutputPrefix: $"models/iris/{jobId}/",
        Wait: new WaitSettings(TimeSpan.FromMilliseconds(20), 2.0, TimeSpan.FromMilliseconds(160)),
        ComputeDeadline: TimeSpan.FromSeconds(1),
        ComputeRecheckInterval: TimeSpan.FromMilliseconds(100),
        Retry: FastRetries(3),
        Gate: new GateSettings("accuracy", EdgeFlows.Activities.Models.MetricDirection.Maximize, 0),
        Webhooks: [new WebhookSubscription("ops", ["succeeded", "rejected", "failed"])],
        StatusLogLines: 5);

    public static IReadOnlyDictionary<string, RetrySettings> FastRetries(int attempts) =>
        new[]
        {
            RetrainSteps.Plan, RetrainSteps.CheckCompute, RetrainSteps.StartTraining, RetrainSteps.GetTrainingStatus,
            RetrainSteps.CancelTraining, RetrainSteps.RegisterModel, RetrainSteps.BuildAndPushImage, RetrainSteps.SendWebhook,
        }.ToDictionary(s => s, _ => new RetrySettings(attempts, TimeSpan.FromMilliseconds(10), 1.0, TimeSpan.FromMilliseconds(10), null));
}
