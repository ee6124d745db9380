using EdgeFlows.Activities.Models;
using EdgeFlows.Functions.Pipeline;
using EdgeFlows.Functions.Pipeline.Configuration;
using EdgeFlows.Functions.Tests.Infrastructure;

namespace EdgeFlows.Functions.Tests.Pipeline.Activities;

/// <summary>SkipIfUnchanged's two sides, as the pipeline computes them.</summary>
public sealed class RetrainDataFingerprintsTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    [Fact]
    public async Task Fingerprints_PromotedModelTrainedOnTheCurrentData_AreEqualUntilTheDataChanges()
    {
        await using var container = await TestContainer.CreateAsync("fingerprint");
        var etag = await container.UploadAsync("training-data/iris/a.csv");
        await container.UploadAsync("training-data/iris/_SUCCESS", string.Empty);
        var context = new ActivityTestContext(o => o.Datasets["iris"] = new DatasetOptions { Container = container.Name, ModelName = "iris-model" });
        await using var registry = new SqliteModelRegistry(new SqliteModelRegistryOptions { DataSource = _directory.File("models.db") });
        var fingerprints = new RetrainDataFingerprints(context.Wrapped, context.Storage, registry);
        var now = await fingerprints.GetFingerprintAsync("iris");
        var version = await registry.RegisterAsync(new ModelRegistration
        {
            Name = "iris-model", RunId = "job-1", ArtifactUri = "http://127.0.0.1/x/", Lineage = new ModelLineage { Dataset = "iris", DataFingerprint = now },
        });
        await registry.SetStageAsync("iris-model", version.Version, ModelStage.Promoted, "test");

        var promoted = await fingerprints.GetPromotedFingerprintAsync("iris");
        await container.UploadAsync("training-data/iris/b.csv");
        var changed = await fingerprints.GetFingerprintAsync("iris");

        Assert.Equal(DataFingerprint.Compute([("training-data/iris/a.csv", etag)]), now);
        Assert.Equal(now, promoted);
        Assert.NotEqual(now, changed);
    }

    [Fact]
    public async Task GetFingerprintAsync_DatasetWithoutContainer_IsUnknown()
    {
        var context = new ActivityTestContext();
        await using var registry = new SqliteModelRegistry(new SqliteModelRegistryOptions { DataSource = _directory.File("models.db") });

        Assert.Null(await new RetrainDataFingerprints(context.Wrapped, context.Storage, registry).GetFingerprintAsync("unconfigured"));
    }

    public void Dispose() => _directory.Dispose();
}
