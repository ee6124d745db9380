using EdgeFlows.Activities.Models;
using EdgeFlows.Activities.Tests.Images;
using EdgeFlows.Durable;
using EdgeFlows.Durable.Serialization;
using EdgeFlows.Durable.Stores;
using EdgeFlows.Durable.Stores.Sqlite;
using EdgeFlows.Functions.Pipeline;
using EdgeFlows.Functions.Tests.Infrastructure;
using EdgeFlows.Functions.Tests.Pipeline.EndToEnd;

namespace EdgeFlows.Functions.Tests.Pipeline.CrashRecovery;

/// <summary>
/// The host is killed with SIGKILL right after each step's activity did its work, before the
/// runtime recorded it, and started again: the run completes, with exactly one training job,
/// one model version and one image manifest; webhooks may repeat but with one event id.
/// </summary>
public sealed class PipelineCrashTests
{
    private static readonly TimeSpan StepTimeout = TimeSpan.FromMinutes(2);

    // Every step with the local runner; with ssh, the steps whose effect is on the target (the
    // job started over ssh, its status read while the wrapper runs there).
    [Theory]
    [InlineData(RetrainSteps.Plan, Runner.Local)]
    [InlineData(RetrainSteps.CheckCompute, Runner.Local)]
    [InlineData(RetrainSteps.StartTraining, Runner.Local)]
    [InlineData(RetrainSteps.GetTrainingStatus, Runner.Local)]
    [InlineData(RetrainSteps.RegisterModel, Runner.Local)]
    [InlineData(RetrainSteps.BuildAndPushImage, Runner.Local)]
    [InlineData(RetrainSteps.SendWebhook, Runner.Local)]
    [InlineData(RetrainSteps.StartTraining, Runner.Ssh)]
    [InlineData(RetrainSteps.GetTrainingStatus, Runner.Ssh)]
    public async Task Pipeline_HostKilledAfterAStepsEffect_CompletesWithOneJobOneVersionAndOneManifest(string step, Runner runner)
    {
        await using var environment = await PipelineEnvironment.CreateAsync(runner);

        // Short leases: the restarted host takes over the killed host's work when they expire.
        environment.Settings["EdgeFlows:Durable:ActivityLease"] = "00:00:03";
        environment.Settings["EdgeFlows:Durable:OrchestrationLease"] = "00:00:03";
        var settings = environment.WriteSettingsFile();
        using (var first = PipelineHostProcess.Start(settings, pauseAfter: step))
        {
            await first.WaitForLineAsync(PipelineHostProcess.Started, StepTimeout);
            await environment.UploadDatasetAsync();
            await first.WaitForLineAsync($"{PipelineHostProcess.Paused} {step}", StepTimeout);
            first.Kill();
        }

        using var second = PipelineHostProcess.Start(settings);
        var run = await WaitForRunAsync(environment, second);

        Assert.True(run.Status == OrchestrationRuntimeStatus.Completed, $"The run is {run.Status}: {run.Failure?.ErrorMessage}\n{second.Tail()}");
        var result = DataConverter.Deserialize<RetrainResult>(run.Output, "run output")!;
        Assert.Equal((1, true), (result.Version, result.Promoted));
        Assert.Equal([result.JobId], Directory.GetDirectories(Path.Combine(environment.WorkRoot, "jobs")).Select(Path.GetFileName));
        await using (var registry = new SqliteModelRegistry(SqliteModelRegistryOptions.SameFileAs(new SqliteStoreOptions { DataSource = environment.DatabasePath })))
        {
            var versions = (await registry.ListAsync(new ModelQuery { Name = PipelineEnvironment.Model })).Versions;
            Assert.Equal((1, result.ImageDigest, ModelStage.Promoted), (Assert.Single(versions).Version, versions[0].ImageDigest, versions[0].Stage));
        }

        Assert.Single(environment.Registry.Requests, r => r.Method == "PUT" && r.Path.Contains("/manifests/", StringComparison.Ordinal));
        var image = await Skopeo.InspectAsync($"{EdgeFlows.Tests.Shared.Registry.Open}/{environment.Repository}:1");
        Assert.Equal(result.ImageDigest, image.GetProperty("Digest").GetString());
        var events = environment.Inbox.Received;
        Assert.NotEmpty(events);
        Assert.All(events, e => Assert.True(e.SignatureValid && e.Type == "io.edgeflows.retrain.succeeded" && e.Id == events[0].Id, $"{e.Type} {e.Id}"));
        Assert.Equal(RetrainIds.EventId(run.InstanceId, run.ExecutionId, RetrainEvents.Succeeded), events[0].Id);
    }

    private static async Task<OrchestrationInstance> WaitForRunAsync(PipelineEnvironment environment, PipelineHostProcess host)
    {
        await using var store = new SqliteOrchestrationStore(new SqliteStoreOptions { DataSource = environment.DatabasePath });
        await store.InitializeAsync();
        OrchestrationInstance? run = null;
        try
        {
            await Eventually.TrueAsync(
                async () =>
                {
                    var page = await store.QueryInstancesAsync(new InstanceQuery(Name: Retrain.Name, IncludePayloads: true));
                    run = page.Items.FirstOrDefault(i => i.Status is OrchestrationRuntimeStatus.Completed or OrchestrationRuntimeStatus.Failed or OrchestrationRuntimeStatus.Terminated);
                    return run is not null;
                },
                "the restarted host to finish the run",
                StepTimeout);
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException($"{ex.Message}\n{host.Tail()}", ex);
        }

        return run!;
    }
}
