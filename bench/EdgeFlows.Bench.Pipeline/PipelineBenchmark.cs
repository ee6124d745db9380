// The pipeline benchmark: N end-to-end Retrain runs with the reference trainer on a small
// dataset (the Breast Cancer data, one more row each run so every run trains a new model),
// against Azurite, docker-registry and, with --runner ssh, the test sshd, all on 127.0.0.1.
// Per run: total = the instance's created → completed (store clock); training = the command's
// own run time as the job wrapper measured it; overhead = total − training. Bytes pushed per
// run come from the BuildAndPushImage step's result, with the model layer's size beside them.
using EdgeFlows.Durable;
using EdgeFlows.Durable.Client;
using EdgeFlows.Durable.History;
using EdgeFlows.Durable.Hosting;
using EdgeFlows.Durable.Serialization;
using EdgeFlows.Functions.Pipeline;
using EdgeFlows.Activities.Training;
using EdgeFlows.Functions.Pipeline.Steps;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EdgeFlows.Bench.Pipeline;

/// <summary>Runs the pipeline scenario.</summary>
public static class PipelineBenchmark
{
    private const string Dataset = "bench";

    /// <summary>Runs the benchmark and returns what it measured.</summary>
    public static async Task<PipelineBenchmarkResult> RunAsync(PipelineBenchmarkOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var progress = options.Progress ?? (_ => { });
        var services = BenchServices.FromEnvironment(options.Runner);
        await using var setup = await BenchSetup.CreateAsync(services, options, cancellationToken);
        progress($"base image {setup.BaseImage} ({options.BaseLayerBytes:N0}-byte layer) pushed; starting the host ({options.Runner} runner)");
        using var host = BuildHost(setup.Settings);
        await host.StartAsync(cancellationToken);
        try
        {
            var client = host.Services.GetRequiredService<DurableClient>();
            var runs = new List<RunMeasurement>();
            for (var i = 0; i <= options.Runs; i++)
            {
                await setup.UploadDatasetAsync(options.Rows + i, cancellationToken);
                var run = await RunOnceAsync(client, options.Timeout, cancellationToken);
                progress($"{(i == 0 ? "warm-up" : $"run {i}/{options.Runs}")}: total {run.TotalMs:F0} ms, training {run.TrainingMs:F0} ms, overhead {run.OverheadMs:F0} ms, pushed {run.BytesPushed:N0} bytes (layer {run.LayerBytes:N0})");
                if (i > 0)
                {
                    runs.Add(run);
                }
            }

            return PipelineBenchmarkResult.From(options, runs, setup);
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
        }
    }

    private static async Task<RunMeasurement> RunOnceAsync(DurableClient client, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var id = await client.ScheduleNewOrchestrationInstanceAsync(Retrain.Name, new RetrainRequest { Dataset = Dataset, Reason = "bench" }, cancellationToken: cancellationToken);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        var instance = await client.WaitForInstanceCompletionAsync(id, deadline.Token);
        if (instance.Status != OrchestrationRuntimeStatus.Completed)
        {
            throw new InvalidOperationException($"Run {id} ended {instance.Status}: {instance.Failure?.ErrorMessage}");
        }

        var result = DataConverter.Deserialize<RetrainResult>(instance.Output, "run output")!;
        var history = await client.GetHistoryAsync(id, cancellationToken);
        var image = Step<PushedImage>(history, RetrainSteps.BuildAndPushImage);
        var total = (instance.CompletedAt!.Value - instance.CreatedAt).TotalMilliseconds;
        var training = (result.TrainingSeconds ?? 0) * 1000;
        var steps = StepTimes(history);

        // The job's own time on the target (downloads, the command, uploads), and how long after
        // it finished the run noticed (the status poll, or the start, that saw it finished).
        var job = Step<TrainingJobState>(history, RetrainSteps.GetTrainingStatus) ?? Step<TrainingJobState>(history, RetrainSteps.StartTraining);
        if (job is { StartedAt: { } started, FinishedAt: { } finished })
        {
            steps["JobOnTarget"] = (finished - started).TotalMilliseconds;
            var polls = history.OfType<TaskScheduled>().Where(t => t.Name is RetrainSteps.GetTrainingStatus or RetrainSteps.StartTraining).Select(t => t.TaskId).ToHashSet();
            var seen = history.OfType<TaskCompleted>().Last(c => polls.Contains(c.TaskScheduledId));
            steps["NoticedAfterJob"] = (new DateTimeOffset(seen.Timestamp, TimeSpan.Zero) - finished).TotalMilliseconds;
        }

        return new RunMeasurement(total, training, total - training, image?.BytesUploaded ?? 0, image?.LayerBytes ?? 0, steps);
    }

    private static T? Step<T>(IReadOnlyList<HistoryEvent> history, string step)
    {
        var scheduled = history.OfType<TaskScheduled>().LastOrDefault(t => t.Name == step);
        var completed = scheduled is null ? null : history.OfType<TaskCompleted>().FirstOrDefault(c => c.TaskScheduledId == scheduled.TaskId);
        return completed is null ? default : DataConverter.Deserialize<T>(completed.Result, step);
    }

    /// <summary>Per step, from its first activity scheduled to its last completed (ms); Wait is StartTraining's completion to the last status poll's.</summary>
    private static Dictionary<string, double> StepTimes(IReadOnlyList<HistoryEvent> history)
    {
        var scheduled = history.OfType<TaskScheduled>().ToDictionary(t => t.TaskId);
        var spans = new Dictionary<string, (DateTime Start, DateTime End)>(StringComparer.Ordinal);
        foreach (var done in history.OfType<TaskCompleted>())
        {
            var task = scheduled[done.TaskScheduledId];
            spans[task.Name] = spans.TryGetValue(task.Name, out var span)
                ? (span.Start < task.Timestamp ? span.Start : task.Timestamp, span.End > done.Timestamp ? span.End : done.Timestamp)
                : (task.Timestamp, done.Timestamp);
        }

        var times = spans.ToDictionary(s => s.Key, s => (s.Value.End - s.Value.Start).TotalMilliseconds, StringComparer.Ordinal);
        if (spans.TryGetValue(RetrainSteps.StartTraining, out var start) && spans.TryGetValue(RetrainSteps.GetTrainingStatus, out var polls))
        {
            times[RetrainSteps.Wait] = (polls.End - start.End).TotalMilliseconds;
        }

        return times;
    }

    private static IHost BuildHost(IReadOnlyDictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.ClearProviders();
        builder.Services.AddDurableRuntime(runtime => runtime.AddRetrainPipeline(builder.Configuration), builder.Configuration);
        return builder.Build();
    }
}

/// <summary>One measured run.</summary>
/// <param name="TotalMs">Created → completed.</param>
/// <param name="TrainingMs">The training command's own time.</param>
/// <param name="OverheadMs">Total − training.</param>
/// <param name="BytesPushed">Bytes the image push sent.</param>
/// <param name="LayerBytes">The model layer's compressed size.</param>
/// <param name="StepMs">Time per step.</param>
public sealed record RunMeasurement(double TotalMs, double TrainingMs, double OverheadMs, long BytesPushed, long LayerBytes, IReadOnlyDictionary<string, double> StepMs);
