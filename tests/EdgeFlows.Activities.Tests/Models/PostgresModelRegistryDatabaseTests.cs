// What only the PostgreSQL registry has: a database shared with the PostgreSQL store, its own
// schema version, concurrent promotions from several hosts, and a password never told.
using EdgeFlows.Activities.Models;
using Npgsql;

namespace EdgeFlows.Activities.Tests.Models;

public sealed class PostgresModelRegistryDatabaseTests : IAsyncLifetime
{
    private PostgresDatabase _database = null!;

    public async Task InitializeAsync() => _database = await Postgres.CreateDatabaseAsync("registry");

    public Task DisposeAsync() => _database.DisposeAsync().AsTask();

    [Fact]
    public async Task SetStageAsync_ManyHostsPromoteAtOnce_LeaveExactlyOneChampion()
    {
        await using var first = Open();
        await using var second = Open();
        for (var i = 1; i <= 20; i++)
        {
            await first.RegisterAsync(Registrations.For("churn", $"run-{i}"));
        }

        await Task.WhenAll(Enumerable.Range(1, 20).Select(v => (v % 2 == 0 ? first : second).SetStageAsync("churn", v, ModelStage.Promoted, "race")));

        var promoted = (await first.ListAsync(new ModelQuery { Name = "churn", Stage = ModelStage.Promoted })).Versions;
        Assert.Single(promoted);
        Assert.Equal(19, (await first.ListAsync(new ModelQuery { Name = "churn", Stage = ModelStage.Archived })).Versions.Count);
    }

    [Fact]
    public async Task InitializeAsync_NewerRegistrySchema_ThrowsAndChangesNothing()
    {
        await Postgres.ExecuteAsync(_database.ConnectionString, """
            CREATE SCHEMA edgeflows;
            CREATE TABLE edgeflows.ext_models_schema (key text PRIMARY KEY, value text NOT NULL);
            INSERT INTO edgeflows.ext_models_schema VALUES ('schema_version', '99');
            """);
        await using var registry = Open();

        var error = await Assert.ThrowsAsync<ModelRegistryException>(() => registry.InitializeAsync());

        Assert.Contains("schema version 99, newer than this build's 1", error.Message, StringComparison.Ordinal);
        Assert.Contains($"database '{_database.Name}'", error.Message, StringComparison.Ordinal);
        Assert.Equal(false, await Postgres.ExecuteAsync(_database.ConnectionString, "SELECT to_regclass('edgeflows.ext_models_versions') IS NOT NULL"));
    }

    [Fact]
    public async Task RegisterAsync_OwnSchema_KeepsItsTablesThere()
    {
        await using var registry = new PostgresModelRegistry(new PostgresModelRegistryOptions { ConnectionString = _database.ConnectionString, Schema = "site_b" });

        await registry.RegisterAsync(Registrations.For("churn", "run-1"));

        Assert.Equal(1L, await Postgres.ExecuteAsync(_database.ConnectionString, "SELECT count(*) FROM site_b.ext_models_versions"));
    }

    [Fact]
    public async Task RegisterAsync_WrongPassword_FailsNamingTheDatabaseNotThePassword()
    {
        var wrong = new NpgsqlConnectionStringBuilder(_database.ConnectionString) { Password = "planted-wrong-password" }.ConnectionString;
        await using var registry = new PostgresModelRegistry(new PostgresModelRegistryOptions { ConnectionString = wrong });

        var error = await Assert.ThrowsAsync<ModelRegistryException>(() => registry.RegisterAsync(Registrations.For("churn", "run-1")));

        Assert.Contains($"database '{_database.Name}'", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("planted-wrong-password", error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Postgres.Password, error.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, "edgeflows", "Models:Postgres:ConnectionString is required")]
    [InlineData("Host=127.0.0.1;Password=se;cret-part", "edgeflows", "Models:Postgres:ConnectionString is not a valid Npgsql connection string")]
    [InlineData("Host=127.0.0.1", "Bad-Schema", "Models:Postgres:Schema 'Bad-Schema' must be lower-case letters")]
    public void Constructor_BadOptions_NamesTheKeyWithoutTheSecret(string? connectionString, string schema, string expected)
    {
        var error = Assert.Throws<ArgumentException>(() => new PostgresModelRegistry(new PostgresModelRegistryOptions { ConnectionString = connectionString, Schema = schema }));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("cret-part", error.Message, StringComparison.Ordinal);
    }

    private PostgresModelRegistry Open() => new(new PostgresModelRegistryOptions { ConnectionString = _database.ConnectionString });
}
