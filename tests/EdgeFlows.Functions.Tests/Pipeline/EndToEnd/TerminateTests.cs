// Terminating a run cancels its training job on the target: terminate runs none of the run's
// code, so the app's TerminatedRunJobCanceller finds the run and CancelTerminatedRun cancels
// the job, once, whichever host or restart gets there.
using System.Text.Json;
using EdgeFlows.Activities.Training;
using EdgeFlows.Durable;
using EdgeFlows.Durable.Stores;
using EdgeFlows.Functions.Pipeline;
using EdgeFlows.Functions.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace EdgeFlows.Functions.Tests.Pipeline.EndToEnd;

public sealed class TerminateTests
{
    private static readonly RetrainRequest Request = new() { Dataset = PipelineEnvironment.Dataset, Reason = "terminate test" };

    [Theory]
    [InlineData(Runner.Local)]
    [InlineData(Runner.Ssh)]
    public async Task Terminate_WhileTraining_CancelsTheJobOnTheTarget(Runner runner)
    {
        await using var environment = await PipelineEnvironment.CreateAsync(runner);
        SleepingRecipe(environment);
        await using var host = await PipelineTestHost.StartAsync(environment, blobTrigger: false);
        await environment.UploadDatasetAsync(marker: false);
        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync(Retrain.Name, Request);
        var jobId = await WaitUntilTrainingAsync(host, environment, id);

        await host.Client.TerminateInstanceAsync(id, "not needed after all");

        var cancel = await WaitForCancellationAsync(host, id);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, cancel.Status);
        Assert.Contains($"Job {jobId} on target edge: Cancelled", cancel.Output, StringComparison.Ordinal);
        Assert.Equal(TrainingJobPhase.Cancelled, (await StatusOnTargetAsync(host, environment, jobId)).Phase);
        await Eventually.TrueAsync(() => !ProcessesIn(Path.Combine(environment.WorkRoot, "jobs", jobId)).Any(), "the job's processes to end");
    }

    [Fact]
    public async Task Terminate_BeforeTraining_StartsNoCancel()
    {
        await using var environment = await PipelineEnvironment.CreateAsync(Runner.Local);
        await using var host = await PipelineTestHost.StartAsync(environment, blobTrigger: false);

        // No data uploaded: the run fails at planning; terminate one that never started a job.
        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync(Retrain.Name, Request, new Durable.Client.StartOrchestrationOptions(StartAt: DateTime.UtcNow.AddHours(1)));
        await host.Client.TerminateInstanceAsync(id, "never mind");
        await Eventually.TrueAsync(async () => (await host.Client.GetInstanceAsync(id))?.Status == OrchestrationRuntimeStatus.Terminated, "the run to be terminated");

        var cancel = await WaitForCancellationAsync(host, id);
        Assert.Equal("The run started no training job.", JsonSerializer.Deserialize<string>(cancel.Output!));
    }

    [Fact]
    public async Task Terminate_HostRestartsAfterTheCancel_CancelsOnce()
    {
        await using var environment = await PipelineEnvironment.CreateAsync(Runner.Local);
        SleepingRecipe(environment);
        string id;
        string jobId;
        await using (var first = await PipelineTestHost.StartAsync(environment, blobTrigger: false))
        {
            await environment.UploadDatasetAsync(marker: false);
            id = await first.Client.ScheduleNewOrchestrationInstanceAsync(Retrain.Name, Request);
            jobId = await WaitUntilTrainingAsync(first, environment, id);
            await first.Client.TerminateInstanceAsync(id, "not needed after all");
            await WaitForCancellationAsync(first, id);
        }

        await using var second = await PipelineTestHost.StartAsync(environment, blobTrigger: false);
        var scanned = await second.Services.GetServices<IHostedService>().OfType<TerminatedRunJobCanceller>().Single().ScanAsync(CancellationToken.None);

        Assert.Equal(0, scanned);
        var history = await second.Client.GetHistoryAsync(CancelTerminatedRun.InstanceIdFor(id));
        Assert.Single(history.OfType<Durable.History.TaskScheduled>(), t => t.Name == RetrainSteps.CancelTraining);
        Assert.Equal(TrainingJobPhase.Cancelled, (await StatusOnTargetAsync(second, environment, jobId)).Phase);
    }

    private static void SleepingRecipe(PipelineEnvironment environment)
    {
        foreach (var key in environment.Settings.Keys.Where(k => k.StartsWith("EdgeFlows:Recipes:default:Command:", StringComparison.Ordinal)).ToList())
        {
            environment.Settings.Remove(key);
        }

        string[] command = ["python3", "-c", "import time; print('epoch 1', flush=True); time.sleep(300)"];
        for (var i = 0; i < command.Length; i++)
        {
            environment.Settings[$"EdgeFlows:Recipes:default:Command:{i}"] = command[i];
        }

        environment.Settings["EdgeFlows:Retrain:TerminatedRunScanInterval"] = "00:00:00.200";
    }

    /// <summary>Waits until the run's job runs on the target; returns its id.</summary>
    private static async Task<string> WaitUntilTrainingAsync(PipelineTestHost host, PipelineEnvironment environment, string id)
    {
        string? jobId = null;
        await Eventually.TrueAsync(
            async () =>
            {
                var status = (await host.Client.GetInstanceAsync(id))?.CustomStatus;
                jobId = status is null ? null : JsonDocument.Parse(status).RootElement.TryGetProperty("jobId", out var job) ? job.GetString() : null;
                return jobId is not null && (await StatusOnTargetAsync(host, environment, jobId)).Phase == TrainingJobPhase.Running;
            },
            "the job to run on the target",
            TimeSpan.FromMinutes(2));
        return jobId!;
    }

    /// <summary>Waits until the app has started the run's cancellation and it has finished.</summary>
    private static async Task<OrchestrationInstance> WaitForCancellationAsync(PipelineTestHost host, string id)
    {
        OrchestrationInstance? cancel = null;
        await Eventually.TrueAsync(
            async () => (cancel = await host.Client.GetInstanceAsync(CancelTerminatedRun.InstanceIdFor(id)))?.Status.IsTerminal() == true,
            "the terminated run's cancellation to finish",
            TimeSpan.FromMinutes(2));
        return cancel!;
    }

    private static Task<TrainingJobStatus> StatusOnTargetAsync(PipelineTestHost host, PipelineEnvironment environment, string jobId)
    {
        var options = host.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Functions.Pipeline.Configuration.RetrainPipelineOptions>>().Value;
        var target = options.Targets["edge"].ToTarget("edge");
        return host.Services.GetRequiredService<TrainingRunnerResolver>().Resolve(target).GetStatusAsync(target, jobId);
    }

    /// <summary>Processes whose working folder is in <paramref name="folder"/> (the job's command runs in its job folder).</summary>
    private static IEnumerable<int> ProcessesIn(string folder)
    {
        foreach (var proc in Directory.EnumerateDirectories("/proc").Select(Path.GetFileName).Where(n => int.TryParse(n, out _)))
        {
            string? cwd;
            try
            {
                cwd = new DirectoryInfo($"/proc/{proc}/cwd").LinkTarget;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                continue;
            }

            if (cwd is not null && cwd.StartsWith(folder, StringComparison.Ordinal))
            {
                yield return int.Parse(proc!, System.Globalization.CultureInfo.InvariantCulture);
            }
        }
    }
}
