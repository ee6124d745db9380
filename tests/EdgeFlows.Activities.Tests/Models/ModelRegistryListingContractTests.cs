// Listing, the same for every implementation: pages, order, and the stage and tag filters.
// Each implementation runs it through a subclass (see the end of this file).
using EdgeFlows.Activities.Models;

namespace EdgeFlows.Activities.Tests.Models;

public abstract class ModelRegistryListingContractTests<TRegistry>(RegistryStorage<TRegistry> storage) : IAsyncLifetime
    where TRegistry : class, IModelRegistry, IAsyncDisposable
{
    private TRegistry _registry = null!;

    /// <summary>Opens another registry on the test's storage, as on another host or after a restart.</summary>
    protected TRegistry OpenRegistry(TimeProvider? time = null) => storage.Open(time);

    public async Task InitializeAsync()
    {
        await storage.CreateAsync();
        _registry = OpenRegistry();
        for (var i = 1; i <= 3; i++)
        {
            await _registry.RegisterAsync(Registrations.For("churn", $"churn-{i}", tags: new Dictionary<string, string> { ["team"] = i == 2 ? "risk" : "growth", ["dataset"] = "churn" }));
        }

        for (var i = 1; i <= 2; i++)
        {
            await _registry.RegisterAsync(Registrations.For("fraud", $"fraud-{i}", tags: new Dictionary<string, string> { ["team"] = "risk" }));
        }
    }

    public async Task DisposeAsync()
    {
        await _registry.DisposeAsync();
        await storage.DeleteAsync();
    }

    [Fact]
    public async Task ListAsync_PagesOfTwo_ReturnEveryVersionOnceByNameThenNewestFirst()
    {
        var seen = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var page = await _registry.ListAsync(new ModelQuery { PageSize = 2, ContinuationToken = token });
            Assert.True(page.Versions.Count <= 2);
            seen.AddRange(page.Versions.Select(v => $"{v.Name}:{v.Version}"));
            token = page.ContinuationToken;
            pages++;
        }
        while (token is not null && pages < 10);

        Assert.Equal(["churn:3", "churn:2", "churn:1", "fraud:2", "fraud:1"], seen);
        Assert.Equal(3, pages);
    }

    [Fact]
    public async Task ListAsync_ExactlyOnePageOfResults_HasNoContinuationToken()
    {
        var page = await _registry.ListAsync(new ModelQuery { Name = "fraud", PageSize = 2 });

        Assert.Equal(2, page.Versions.Count);
        Assert.Null(page.ContinuationToken);
    }

    [Fact]
    public async Task ListAsync_TagKeyAndValue_ReturnsOnlyVersionsWithThatTag()
    {
        var page = await _registry.ListAsync(new ModelQuery { TagKey = "team", TagValue = "risk" });

        Assert.Equal(["churn:2", "fraud:2", "fraud:1"], page.Versions.Select(v => $"{v.Name}:{v.Version}"));
    }

    [Fact]
    public async Task ListAsync_TagKeyOnly_ReturnsVersionsHavingTheTag()
    {
        var page = await _registry.ListAsync(new ModelQuery { TagKey = "dataset" });

        Assert.All(page.Versions, v => Assert.Equal("churn", v.Name));
        Assert.Equal(3, page.Versions.Count);
    }

    [Fact]
    public async Task ListAsync_Stage_ReturnsOnlyVersionsInThatStage()
    {
        await _registry.SetStageAsync("churn", 2, ModelStage.Rejected, "lost to the champion");

        var page = await _registry.ListAsync(new ModelQuery { Stage = ModelStage.Rejected });

        var rejected = Assert.Single(page.Versions);
        Assert.Equal(("churn", 2), (rejected.Name, rejected.Version));
    }

    [Fact]
    public async Task ListAsync_TokenNotIssuedByTheRegistry_ThrowsArgumentException()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => _registry.ListAsync(new ModelQuery { ContinuationToken = "not-a-token" }));

        Assert.Contains("ContinuationToken", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListAsync_TagValueWithoutKey_ThrowsArgumentException()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => _registry.ListAsync(new ModelQuery { TagValue = "risk" }));
    }
}

public sealed class SqliteModelRegistryListingTests() : ModelRegistryListingContractTests<SqliteModelRegistry>(new SqliteRegistryStorage());

public sealed class PostgresModelRegistryListingTests() : ModelRegistryListingContractTests<PostgresModelRegistry>(new PostgresRegistryStorage());
