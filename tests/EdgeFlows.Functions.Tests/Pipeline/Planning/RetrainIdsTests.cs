using System.Text.Json;
using EdgeFlows.Durable.Serialization;
using EdgeFlows.Functions.Pipeline;
using EdgeFlows.Functions.Triggers.Blob;

namespace EdgeFlows.Functions.Tests.Pipeline.Planning;

public sealed class RetrainIdsTests
{
    [Fact]
    public void JobId_SameRun_IsTheSameAndSafe()
    {
        var id = RetrainIds.JobId("iris", "dataset:data:iris:run-1-abc", "e1");

        Assert.Equal(id, RetrainIds.JobId("iris", "dataset:data:iris:run-1-abc", "e1"));
        Assert.Matches("^retrain-iris-[0-9a-f]{16}$", id);
    }

    [Fact]
    public void JobId_NewExecution_IsNew()
    {
        Assert.NotEqual(RetrainIds.JobId("iris", "i", "e1"), RetrainIds.JobId("iris", "i", "e2"));
    }

    [Fact]
    public void EventId_DiffersByKindAndIsStable()
    {
        var succeeded = RetrainIds.EventId("i", "e", RetrainEvents.Succeeded);

        Assert.Equal(succeeded, RetrainIds.EventId("i", "e", RetrainEvents.Succeeded));
        Assert.NotEqual(succeeded, RetrainIds.EventId("i", "e", RetrainEvents.Failed));
        Assert.Matches("^evt_[0-9a-f]{32}$", succeeded);
    }

    [Fact]
    public void RetrainRequest_ReadFromASnapshotsJson_IsTheSnapshotsLatestDataRequest()
    {
        var snapshot = new DatasetSnapshot("iris", "data", "training-data/iris/", [new BlobVersion("training-data/iris/a.csv", "0x1", 3, DateTimeOffset.UnixEpoch)], 1, "ff", "blob", "quiet-period");
        var json = JsonSerializer.Serialize(snapshot, DataConverter.PayloadOptions);

        var request = DataConverter.Deserialize<RetrainRequest>(json, "test");

        Assert.Equal(RetrainRequest.FromSnapshot(snapshot), request);
        Assert.Equal(("iris", "blob", "quiet-period", "data", "training-data/iris/"), (request!.Dataset, request.Trigger, request.Reason, request.Container, request.Prefix));
    }

    [Fact]
    public void RetrainRequest_ReadFromAScheduledRunsJson_IsAScheduleRequestForTheLatestData()
    {
        var run = new EdgeFlows.Functions.Triggers.Timer.ScheduledRun("iris", "nightly", new DateTime(2026, 11, 22, 2, 0, 0, DateTimeKind.Utc), "missed");
        var json = JsonSerializer.Serialize(run, DataConverter.PayloadOptions);

        var request = DataConverter.Deserialize<RetrainRequest>(json, "test");

        Assert.Equal(("iris", RetrainTriggers.Schedule, "missed"), (request!.Dataset, request.Trigger, request.Reason));
        Assert.Null(request.Snapshot);
    }

    [Fact]
    public void RetrainRequest_WithoutTrigger_IsHttp()
    {
        var request = DataConverter.Deserialize<RetrainRequest>("""{"dataset":"iris"}""", "test");

        Assert.Equal(RetrainTriggers.Http, request!.Trigger);
    }
}
