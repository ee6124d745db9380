using System.Text.Json;
using EdgeFlows.Durable.Client;
using EdgeFlows.Durable.History;
using EdgeFlows.Durable.Serialization;
using EdgeFlows.Samples.Demo.Activities;
using EdgeFlows.Samples.Demo.Orchestrations;

namespace EdgeFlows.Durable.Tests.Samples;

/// <summary>The demo's orchestration, run once in-process on the real data set (see <see cref="RetrainPreviewRun"/>).</summary>
public sealed class RetrainPreviewTests(RetrainPreviewRun run) : IClassFixture<RetrainPreviewRun>
{
    [Fact]
    public void RetrainPreview_BreastCancerData_Completes()
    {
        Assert.Equal(OrchestrationRuntimeStatus.Completed, run.Instance.Status);
    }

    [Fact]
    public void RetrainPreview_BreastCancerData_ReproducesTheSameMetricsEveryRun()
    {
        // Seed 42 happens to separate the 114 held-out rows perfectly (seeds 1-8 give 0.947-1.0);
        // the confusion matrix, the training accuracy and the loss pin the run down exactly.
        var metrics = run.Result.Training.Metrics;
        Assert.True(metrics.Accuracy > 0.9);
        Assert.Equal((37, 0, 77, 0), (metrics.TruePositives, metrics.FalsePositives, metrics.TrueNegatives, metrics.FalseNegatives));
        Assert.Equal(1.0, metrics.Accuracy);
        Assert.Equal(1.0, metrics.F1);
        Assert.Equal(1.0, metrics.Auc);
        Assert.Equal(448.0 / 455, run.Result.Training.TrainAccuracy);
        Assert.Equal(0.043715504439894026, metrics.LogLoss, 1e-9);
        Assert.Equal((455, 114), (run.Result.Training.TrainRows, run.Result.Training.TestRows));
    }

    [Fact]
    public void RetrainPreview_BreastCancerData_ProfilesRowsClassesAndFingerprint()
    {
        var profile = run.Result.Dataset;
        Assert.Equal((569, 30, 212, 357), (profile.Rows, profile.Features, profile.Positives, profile.Negatives));
        Assert.Equal(SampleData.BreastCancerSha256, profile.Sha256);
    }

    [Fact]
    public void RetrainPreview_ComputeCheck_ReportsRealResources()
    {
        var compute = run.Result.Compute;
        Assert.True(compute.Sufficient, string.Join("; ", compute.Shortfalls));
        Assert.Equal(Environment.ProcessorCount, compute.CpuCount);
        Assert.InRange(compute.MemoryAvailableMb, 1, compute.MemoryTotalMb);
        Assert.True(compute.DiskFreeMb > 0);
    }

    [Fact]
    public async Task RetrainPreview_Registration_WritesVersionOneWithLineage()
    {
        var model = run.Result.Model;
        Assert.Equal((RetrainPreviewInput.DefaultModelName, 1), (model.Name, model.Version));
        Assert.Equal(Path.Combine(run.WorkDirectory, "models", model.Name, "v1.json"), model.Path);
        using var document = JsonDocument.Parse(await File.ReadAllTextAsync(model.Path));
        var lineage = document.RootElement.GetProperty("lineage");
        Assert.Equal(run.Instance.InstanceId, lineage.GetProperty("runId").GetString());
        Assert.Equal(SampleData.BreastCancerSha256, lineage.GetProperty("dataset").GetProperty("sha256").GetString());
        Assert.Equal(30, document.RootElement.GetProperty("model").GetProperty("classifier").GetProperty("weights").GetArrayLength());
    }

    [Fact]
    public void RetrainPreview_History_FansOutThenTrainsWaitsAndRegisters()
    {
        var history = run.History;
        Assert.Equal(
            [nameof(CheckCompute), nameof(ProfileDataset), nameof(TrainModel), nameof(RegisterModel)],
            history.OfType<TaskScheduled>().Select(t => t.Name));

        // Fan-out: both first activities are scheduled in the first turn, before either completes.
        var firstCompletion = IndexOf<TaskCompleted>(history);
        Assert.Equal(2, history.Take(firstCompletion).OfType<TaskScheduled>().Count());

        // The durable timer sits between training's completion and registration's scheduling.
        var trainId = history.OfType<TaskScheduled>().Single(t => t.Name == nameof(TrainModel)).TaskId;
        var trained = IndexOf<TaskCompleted>(history, c => c.TaskScheduledId == trainId);
        var timerFired = IndexOf<TimerFired>(history);
        var registerScheduled = IndexOf<TaskScheduled>(history, t => t.Name == nameof(RegisterModel));
        Assert.True(trained < IndexOf<TimerCreated>(history) && timerFired < registerScheduled);

        var completed = Assert.IsType<ExecutionCompleted>(history[^1]);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, completed.Status);
    }

    [Fact]
    public void RetrainPreview_History_PassesTheDatasetPathNotItsData()
    {
        // Payloads live in history and are read at every replay: the data set must stay out of it.
        var largest = run.History.Select(e => JsonSerializer.Serialize(e, e.GetType()).Length).Max();
        Assert.True(largest < 8 * 1024, $"The largest history event is {largest} characters.");
        var profileInput = run.History.OfType<TaskScheduled>().Single(t => t.Name == nameof(ProfileDataset)).Input;
        Assert.Equal(JsonSerializer.Serialize(SampleData.BreastCancerCsv, DataConverter.PayloadOptions), profileInput);
    }

    [Fact]
    public void RetrainPreview_CustomStatus_EndsOnTheLastStep()
    {
        var status = run.Instance.ReadCustomStatusAs<RetrainPreviewStatus>();
        Assert.Equal((RetrainPreview.Steps, RetrainPreview.Steps), (status!.Step, status.Steps));
        Assert.Contains("registered", status.Description, StringComparison.Ordinal);
    }

    private static int IndexOf<T>(IReadOnlyList<HistoryEvent> history, Func<T, bool>? match = null)
        where T : HistoryEvent
    {
        for (var i = 0; i < history.Count; i++)
        {
            if (history[i] is T e && (match?.Invoke(e) ?? true))
            {
                return i;
            }
        }

        throw new InvalidOperationException($"No {typeof(T).Name} in history.");
    }
}
