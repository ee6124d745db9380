using EdgeFlows.Activities.Models;
using EdgeFlows.Activities.Tests.Images;
using EdgeFlows.Functions.Pipeline;
using Microsoft.Extensions.DependencyInjection;

namespace EdgeFlows.Functions.Tests.Pipeline.EndToEnd;

/// <summary>
/// The pipeline end to end on real services: a blob upload to Azurite starts the run, the
/// reference trainer trains through the local runner or ssh to a real sshd, the model is
/// registered, its image pushed to docker-registry and checked with skopeo, and a signed
/// webhook arrives.
/// </summary>
public sealed class EndToEndTests
{
    [Theory]
    [InlineData(Runner.Local)]
    [InlineData(Runner.Ssh)]
    [InlineData(Runner.SshManaged)]
    public async Task Pipeline_DatasetUploaded_TrainsRegistersPushesAndNotifies(Runner runner)
    {
        await using var environment = await PipelineEnvironment.CreateAsync(runner);
        await using var host = await PipelineTestHost.StartAsync(environment);

        await environment.UploadDatasetAsync();
        var run = await host.WaitForRetrainAsync();

        var result = PipelineTestHost.ResultOf(run);
        Assert.Equal((PipelineEnvironment.Model, 1, true, "edge"), (result.ModelName, result.Version, result.Promoted, result.Target));
        Assert.InRange(result.Metrics["accuracy"], 0.9, 1.0);

        var registry = host.Services.GetRequiredService<IModelRegistry>();
        var version = (await registry.GetAsync(PipelineEnvironment.Model, 1))!;
        Assert.Equal((ModelStage.Promoted, result.ImageDigest), (version.Stage, version.ImageDigest));
        Assert.Equal((PipelineEnvironment.Dataset, result.DataFingerprint, "edge", "blob", result.JobId, run.InstanceId),
            (version.Lineage.Dataset, version.Lineage.DataFingerprint, version.Lineage.Target, version.Lineage.Trigger, version.Lineage.RunId, version.Lineage.InstanceId));

        var image = await Skopeo.InspectAsync($"{EdgeFlows.Tests.Shared.Registry.Open}/{environment.Repository}:1");
        Assert.Equal(result.ImageDigest, image.GetProperty("Digest").GetString());
        var labels = image.GetProperty("Labels");
        Assert.Equal(PipelineEnvironment.Model, labels.GetProperty("org.opencontainers.image.title").GetString());
        Assert.Equal(result.DataFingerprint, labels.GetProperty("io.edgeflows.data.fingerprint").GetString());

        var received = Assert.Single(environment.Inbox.Received);
        Assert.True(received.SignatureValid);
        Assert.Equal(("io.edgeflows.retrain.succeeded", RetrainIds.EventId(run.InstanceId, run.ExecutionId, RetrainEvents.Succeeded)), (received.Type, received.WebhookId));
        Assert.True(Assert.Single(result.Webhooks).Delivered);
    }

    [Fact]
    public async Task Pipeline_TrainingData_IsReadOnlyByTheJobThroughItsSasUrls()
    {
        await using var environment = await PipelineEnvironment.CreateAsync(Runner.Local);
        await using var host = await PipelineTestHost.StartAsync(environment);

        await environment.UploadDatasetAsync();
        PipelineTestHost.ResultOf(await host.WaitForRetrainAsync());

        var dataPrefix = $"/devstoreaccount1/{environment.Container.Name}/training-data/";
        var data = $"{dataPrefix}{PipelineEnvironment.Dataset}/part-0.csv";
        var jobReads = environment.Storage.Requests.Where(r => r.Path == data && r.Method == "GET").ToList();
        Assert.NotEmpty(jobReads);
        Assert.All(jobReads, r => Assert.True(r.HasSignature && r.Authorization is null && r.ResponseBytes > 0, $"{r.Method} {r.Path}: {r.Authorization ?? "no"} authorization, {(r.HasSignature ? "a" : "no")} SAS"));

        // EdgeFlows itself (Shared Key) lists the dataset, but never touches one of its blobs.
        var fromEdgeFlows = environment.Storage.Requests.Where(r => r.Authorization == "SharedKey").ToList();
        Assert.Contains(fromEdgeFlows, r => r.Query.Contains("comp=list", StringComparison.Ordinal));
        Assert.DoesNotContain(fromEdgeFlows, r => r.Path.StartsWith(dataPrefix, StringComparison.Ordinal));
    }
}
