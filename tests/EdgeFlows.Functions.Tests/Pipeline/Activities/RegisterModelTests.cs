using EdgeFlows.Activities.Models;
using EdgeFlows.Functions.Pipeline;
using EdgeFlows.Functions.Pipeline.Activities;
using EdgeFlows.Functions.Pipeline.Configuration;
using EdgeFlows.Functions.Pipeline.Steps;
using EdgeFlows.Functions.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeFlows.Functions.Tests.Pipeline.Activities;

/// <summary>Each test gets its own container and registry file (a new class instance per test).</summary>
public sealed class RegisterModelTests : IAsyncLifetime, IDisposable
{
    private readonly ActivityTestContext _context = new();
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "edgeflows-tests", Guid.NewGuid().ToString("N"));
    private TestContainer _container = null!;
    private SqliteModelRegistry _registry = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        _container = await TestContainer.CreateAsync("register");
        _registry = new SqliteModelRegistry(new SqliteModelRegistryOptions { DataSource = Path.Combine(_directory, "models.db") });
    }

    public async Task DisposeAsync()
    {
        await _registry.DisposeAsync();
        await _container.DisposeAsync();
    }

    public void Dispose() => TempDirectory.TryDelete(_directory);

    [Fact]
    public async Task RunAsync_FirstVersion_WinsButStaysCandidateUntilItsImageIsPushed()
    {
        await _container.UploadAsync("models/iris/job-1/metrics.json", """{"accuracy": 0.91, "loss": 0.3, "note": "text is ignored"}""");

        var model = await RegisterAsync(Input("job-1"));

        Assert.Equal((1, true), (model.Version, model.Promoted));
        Assert.Equal(new Dictionary<string, double> { ["accuracy"] = 0.91, ["loss"] = 0.3 }, model.Metrics);
        var stored = await _registry.GetAsync("iris", 1);
        Assert.Equal(ModelStage.Candidate, stored!.Stage);
        Assert.Null(await _registry.GetPromotedAsync("iris"));
        Assert.Equal(("iris", "sha256:f", "job-1", "instance-1", "local", "default", "code-1", "blob", 3),
            (stored.Lineage.Dataset, stored.Lineage.DataFingerprint, stored.Lineage.RunId, stored.Lineage.InstanceId, stored.Lineage.Target, stored.Lineage.Recipe, stored.Lineage.CodeVersion, stored.Lineage.Trigger, stored.Lineage.Blobs));
        Assert.EndsWith($"/{_container.Name}/models/iris/job-1/", stored.ArtifactUri, StringComparison.Ordinal);
        Assert.DoesNotContain("sig=", stored.ArtifactUri, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_WorseChallenger_IsRecordedAsRejected()
    {
        await _container.UploadAsync("models/iris/job-1/metrics.json", """{"accuracy": 0.91}""");
        await _container.UploadAsync("models/iris/job-2/metrics.json", """{"accuracy": 0.80}""");
        await RegisterAsync(Input("job-1"));
        await _registry.SetStageAsync("iris", 1, ModelStage.Promoted, "shipped"); // BuildAndPushImage's part

        var model = await RegisterAsync(Input("job-2"));

        Assert.Equal((2, false), (model.Version, model.Promoted));
        Assert.Contains("Not promoted: accuracy 0.8 vs champion version 1's 0.91", model.GateReason, StringComparison.Ordinal);
        Assert.Equal(ModelStage.Rejected, (await _registry.GetAsync("iris", 2))!.Stage);
        Assert.Equal(1, (await _registry.GetPromotedAsync("iris"))!.Version);
    }

    [Fact]
    public async Task RunAsync_DeliveredAgain_ReturnsTheSameVersionAndDecision()
    {
        await _container.UploadAsync("models/iris/job-1/metrics.json", """{"accuracy": 0.91}""");
        var first = await RegisterAsync(Input("job-1"));

        var again = await RegisterAsync(Input("job-1"));

        Assert.Equal((first.Version, first.Promoted, first.GateReason), (again.Version, again.Promoted, again.GateReason));
        Assert.Single((await _registry.ListAsync(new ModelQuery { Name = "iris" })).Versions);
    }

    [Fact]
    public async Task RejectModel_WinnerWhoseImageFailed_IsRejectedAndTheChampionStays()
    {
        await _container.UploadAsync("models/iris/job-1/metrics.json", """{"accuracy": 0.80}""");
        await _container.UploadAsync("models/iris/job-2/metrics.json", """{"accuracy": 0.91}""");
        await RegisterAsync(Input("job-1"));
        await _registry.SetStageAsync("iris", 1, ModelStage.Promoted, "shipped");
        var winner = await RegisterAsync(Input("job-2"));

        var stage = await RejectAsync(new RejectModelInput("iris", winner.Version, "image push failed: 401"));

        Assert.True(winner.Promoted);
        Assert.Equal(nameof(ModelStage.Rejected), stage);
        var stored = (await _registry.GetAsync("iris", 2))!;
        Assert.Equal((ModelStage.Rejected, "image push failed: 401", null), (stored.Stage, stored.StageReason, stored.ImageDigest));
        Assert.Equal(1, (await _registry.GetPromotedAsync("iris"))!.Version);
    }

    [Fact]
    public async Task RejectModel_VersionAlreadyPromotedWithItsImage_IsLeftAsItIs()
    {
        await _container.UploadAsync("models/iris/job-1/metrics.json", """{"accuracy": 0.91}""");
        await RegisterAsync(Input("job-1"));
        await _registry.SetImageAsync("iris", 1, "registry.test/iris:1", "sha256:" + new string('b', 64));
        await _registry.SetStageAsync("iris", 1, ModelStage.Promoted, "shipped");

        var stage = await RejectAsync(new RejectModelInput("iris", 1, "image push failed: timeout"));

        Assert.Equal(nameof(ModelStage.Promoted), stage);
        Assert.Equal(1, (await _registry.GetPromotedAsync("iris"))!.Version);
    }

    [Fact]
    public async Task RunAsync_NoMetricsFile_IsRefusedNamingTheBlob()
    {
        var refused = await Assert.ThrowsAsync<RetrainStepRefusedException>(() => RegisterAsync(Input("job-9")));

        Assert.Equal($"The job wrote no metrics.json: {_container.Name}/models/iris/job-9/metrics.json does not exist.", refused.Message);
    }

    private Task<RegisteredModel> RegisterAsync(RegisterModelInput input) =>
        new RegisterModel(_registry, _context.Storage, _context.Redactor, NullLogger<RegisterModel>.Instance)
            .RunAsync(ActivityTestContext.Call(RetrainSteps.RegisterModel), input, CancellationToken.None);

    private Task<string> RejectAsync(RejectModelInput input) =>
        new RejectModel(_registry, _context.Redactor, NullLogger<RejectModel>.Instance)
            .RunAsync(ActivityTestContext.Call(RetrainSteps.RejectModel), input, CancellationToken.None);

    private RegisterModelInput Input(string job) => new(
        "iris", job, "instance-1", "iris", "sha256:f", "local", "default", "code-1", "blob", _container.Name, $"models/iris/{job}/",
        "metrics.json", ["model.json"], new GateSettings("accuracy", MetricDirection.Maximize, 0), 3);
}
