using EdgeFlows.Durable.History;
using EdgeFlows.Functions.Pipeline;
using EdgeFlows.Functions.Pipeline.Steps;
using EdgeFlows.Functions.Triggers.Blob;

namespace EdgeFlows.Functions.Tests.Pipeline.Orchestration;

/// <summary>What a run starts from, and the ids and history it leaves.</summary>
public sealed class RetrainInputTests
{
    [Fact]
    public async Task Retrain_StartedWithABlobTriggerSnapshot_PlansTheDatasetsLatestData()
    {
        var fake = new FakePipeline();
        await using var host = await RetrainTestHost.StartAsync(fake);
        var snapshot = new DatasetSnapshot("iris", "data", "training-data/iris/", [new BlobVersion("training-data/iris/a.csv", "0x8D1", 10, DateTimeOffset.UnixEpoch)], 1, "abc", "blob", "marker");

        RetrainTestHost.ResultOf(await host.RunAsync(snapshot));

        var request = Assert.Single(fake.InputsOf<PlanRetrainInput>(RetrainSteps.Plan)).Request;
        Assert.Equal(RetrainRequest.FromSnapshot(snapshot), request);
        Assert.Null(request.Snapshot);
    }

    [Fact]
    public async Task Retrain_JobAndEventIds_DeriveFromTheInstance()
    {
        var fake = new FakePipeline();
        await using var host = await RetrainTestHost.StartAsync(fake);

        var instance = await host.RunAsync(instanceId: "retrain-iris-manual-1");

        var jobId = RetrainIds.JobId("iris", instance.InstanceId, instance.ExecutionId);
        Assert.Equal(jobId, Assert.Single(fake.InputsOf<PlanRetrainInput>(RetrainSteps.Plan)).JobId);
        Assert.Equal(jobId, Assert.Single(fake.InputsOf<StartTrainingInput>(RetrainSteps.StartTraining)).JobId);
        Assert.Equal(
            RetrainIds.EventId(instance.InstanceId, instance.ExecutionId, RetrainEvents.Succeeded),
            Assert.Single(fake.InputsOf<WebhookNotification>(RetrainSteps.SendWebhook)).EventId);
    }

    [Fact]
    public async Task Retrain_History_HoldsBlobNamesNeverUrls()
    {
        var fake = new FakePipeline();
        await using var host = await RetrainTestHost.StartAsync(fake);

        var instance = await host.RunAsync();

        var start = (await host.HistoryAsync(instance.InstanceId)).OfType<TaskScheduled>().Single(t => t.Name == RetrainSteps.StartTraining);
        Assert.Contains("\"blob\":\"training-data/iris/iris.csv\"", start.Input, StringComparison.Ordinal);
        Assert.DoesNotContain("http", start.Input, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("sig=", start.Input, StringComparison.OrdinalIgnoreCase);
    }
}
