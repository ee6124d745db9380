// The registry's behaviour, the same for every implementation: versions, idempotent
// registration, lookups, stages, images. Each implementation runs it through a subclass that
// says where its registry lives (see the end of this file).
using EdgeFlows.Activities.Models;

namespace EdgeFlows.Activities.Tests.Models;

public abstract class ModelRegistryContractTests<TRegistry>(RegistryStorage<TRegistry> storage) : IAsyncLifetime
    where TRegistry : class, IModelRegistry, IAsyncDisposable
{
    private TRegistry _registry = null!;

    /// <summary>Opens another registry on the test's storage, as on another host or after a restart.</summary>
    protected TRegistry OpenRegistry(TimeProvider? time = null) => storage.Open(time);

    public async Task InitializeAsync()
    {
        await storage.CreateAsync();
        _registry = OpenRegistry();
    }

    public async Task DisposeAsync()
    {
        await _registry.DisposeAsync();
        await storage.DeleteAsync();
    }

    [Fact]
    public async Task RegisterAsync_NewModel_IsVersionOneAndACandidate()
    {
        var version = await _registry.RegisterAsync(Registrations.For("churn", "run-1"));

        Assert.Equal(1, version.Version);
        Assert.Equal(ModelStage.Candidate, version.Stage);
    }

    [Fact]
    public async Task RegisterAsync_LaterRuns_GetConsecutiveVersionsPerModel()
    {
        await _registry.RegisterAsync(Registrations.For("churn", "run-1"));
        await _registry.RegisterAsync(Registrations.For("fraud", "run-2"));
        var second = await _registry.RegisterAsync(Registrations.For("churn", "run-3"));

        Assert.Equal(2, second.Version);
    }

    [Fact]
    public async Task RegisterAsync_SameRunAgain_ReturnsTheVersionItGotAndCreatesNoOther()
    {
        var first = await _registry.RegisterAsync(Registrations.For("churn", "run-1"));

        var again = await _registry.RegisterAsync(Registrations.For("churn", "run-1"));

        Assert.Equal((first.Version, first.CreatedAt), (again.Version, again.CreatedAt));
        var page = await _registry.ListAsync(new ModelQuery { Name = "churn" });
        Assert.Single(page.Versions);
    }

    [Fact]
    public async Task RegisterAsync_SameRunAfterARestart_ReturnsTheSameVersion()
    {
        var first = await _registry.RegisterAsync(Registrations.For("churn", "run-1"));
        await using var restarted = OpenRegistry();

        var again = await restarted.RegisterAsync(Registrations.For("churn", "run-1"));

        Assert.Equal(first.Version, again.Version);
        Assert.Equal(first.CreatedAt, again.CreatedAt);
    }

    [Fact]
    public async Task RegisterAsync_TwoRegistriesOnOneStoreAtOnce_GiveDistinctConsecutiveVersions()
    {
        // Two registries, as on two hosts: separate connections to one database. 200 registrations
        // overlap enough that a registry reading the highest version outside the write lock
        // fails this test every time (measured with a deferred transaction).
        await using var other = OpenRegistry();
        var registrations = Enumerable.Range(0, 200)
            .Select(i => (i % 2 == 0 ? _registry : other).RegisterAsync(Registrations.For("churn", $"run-{i}")))
            .ToList();

        var versions = await Task.WhenAll(registrations);

        Assert.Equal(Enumerable.Range(1, 200), versions.Select(v => v.Version).Order());
    }

    [Fact]
    public async Task RegisterAsync_ArtifactUriWithSasSignature_ThrowsWithoutStoringIt()
    {
        var registration = Registrations.For("churn", "run-1") with { ArtifactUri = "https://acct.blob.local/models/m.json?sv=2019-07-07&sig=c2VjcmV0" };

        var error = await Assert.ThrowsAsync<ArgumentException>(() => _registry.RegisterAsync(registration));

        Assert.Contains("SAS signature", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("c2VjcmV0", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RegisterAsync_NameWithUppercase_ThrowsNamingTheRule()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => _registry.RegisterAsync(Registrations.For("Churn", "run-1")));

        Assert.Contains("'Churn'", error.Message, StringComparison.Ordinal);
        Assert.Contains("lowercase", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RegisterAsync_NonFiniteMetric_ThrowsNamingTheMetric()
    {
        var registration = Registrations.For("churn", "run-1") with { Metrics = new Dictionary<string, double> { ["auc"] = double.NaN } };

        var error = await Assert.ThrowsAsync<ArgumentException>(() => _registry.RegisterAsync(registration));

        Assert.Contains("'auc'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetAsync_RegisteredVersion_RoundTripsMetricsTagsAndLineage()
    {
        var registration = Registrations.For("churn", "run-1", accuracy: 0.9561, tags: new Dictionary<string, string> { ["team"] = "risk", ["dataset"] = "churn" });
        await _registry.RegisterAsync(registration);

        var stored = await _registry.GetAsync("churn", 1);

        Assert.NotNull(stored);
        Assert.Equal(registration.Metrics, stored.Metrics);
        Assert.Equal(registration.Tags, stored.Tags);
        Assert.Equal(registration.Lineage, stored.Lineage);
        Assert.Equal(registration.ArtifactUri, stored.ArtifactUri);
        Assert.Equal("run-1", stored.RunId);
    }

    [Fact]
    public async Task GetAsync_UnknownVersion_ReturnsNull()
    {
        await _registry.RegisterAsync(Registrations.For("churn", "run-1"));

        Assert.Null(await _registry.GetAsync("churn", 2));
        Assert.Null(await _registry.GetAsync("fraud", 1));
    }

    [Fact]
    public async Task GetPromotedAsync_NoChampion_ReturnsNull()
    {
        await _registry.RegisterAsync(Registrations.For("churn", "run-1"));

        Assert.Null(await _registry.GetPromotedAsync("churn"));
    }

    [Fact]
    public async Task SetStageAsync_PromoteASecondVersion_ArchivesThePreviousChampion()
    {
        await _registry.RegisterAsync(Registrations.For("churn", "run-1"));
        await _registry.RegisterAsync(Registrations.For("churn", "run-2"));
        await _registry.SetStageAsync("churn", 1, ModelStage.Promoted, "first");

        var promoted = await _registry.SetStageAsync("churn", 2, ModelStage.Promoted, "accuracy 0.97 vs 0.95");

        Assert.Equal(ModelStage.Promoted, promoted.Stage);
        Assert.Equal("accuracy 0.97 vs 0.95", promoted.StageReason);
        var previous = await _registry.GetAsync("churn", 1);
        Assert.Equal(ModelStage.Archived, previous!.Stage);
        Assert.Contains("version 2", previous.StageReason, StringComparison.Ordinal);
        Assert.Equal(2, (await _registry.GetPromotedAsync("churn"))!.Version);
    }

    [Fact]
    public async Task SetStageAsync_SameStageAgain_KeepsTheFirstReason()
    {
        await _registry.RegisterAsync(Registrations.For("churn", "run-1"));
        await _registry.SetStageAsync("churn", 1, ModelStage.Rejected, "first decision");

        var again = await _registry.SetStageAsync("churn", 1, ModelStage.Rejected, "retried decision");

        Assert.Equal("first decision", again.StageReason);
    }

    [Fact]
    public async Task SetStageAsync_UnknownVersion_ThrowsNotFoundNamingIt()
    {
        var error = await Assert.ThrowsAsync<ModelVersionNotFoundException>(() => _registry.SetStageAsync("churn", 7, ModelStage.Promoted, "why not"));

        Assert.Contains("version 7", error.Message, StringComparison.Ordinal);
        Assert.Contains("'churn'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SetImageAsync_Digest_IsRecordedOnTheVersion()
    {
        await _registry.RegisterAsync(Registrations.For("churn", "run-1"));
        var digest = "sha256:" + new string('b', 64);

        var updated = await _registry.SetImageAsync("churn", 1, "127.0.0.1:5000/churn:1", digest);

        Assert.Equal("127.0.0.1:5000/churn:1", updated.ImageReference);
        Assert.Equal(digest, (await _registry.GetAsync("churn", 1))!.ImageDigest);
    }

    [Fact]
    public async Task SetImageAsync_MalformedDigest_Throws()
    {
        await _registry.RegisterAsync(Registrations.For("churn", "run-1"));

        var error = await Assert.ThrowsAsync<ArgumentException>(() => _registry.SetImageAsync("churn", 1, "registry/churn:1", "latest"));

        Assert.Contains("'latest'", error.Message, StringComparison.Ordinal);
    }
}

public sealed class SqliteModelRegistryTests() : ModelRegistryContractTests<SqliteModelRegistry>(new SqliteRegistryStorage());

public sealed class PostgresModelRegistryTests() : ModelRegistryContractTests<PostgresModelRegistry>(new PostgresRegistryStorage());
