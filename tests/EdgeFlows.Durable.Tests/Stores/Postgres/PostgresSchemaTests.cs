// PostgreSQL-only start-up behaviour: the store refuses a schema that is not its own, or is
// newer, and leaves it exactly as it was; it shares its schema with other components' ext_*
// tables; apps share one database with a schema each; hosts starting together both succeed.
using EdgeFlows.Durable.History;
using EdgeFlows.Durable.Stores;
using EdgeFlows.Durable.Stores.Postgres;
using TestPostgres = EdgeFlows.Tests.Shared.Postgres;

namespace EdgeFlows.Durable.Tests.Stores.Postgres;

public sealed class PostgresSchemaTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>
{
    [Fact]
    public async Task InitializeAsync_ForeignTablesInSchema_ThrowsNamingSchemaAndTablesAndChangesNothing()
    {
        var schema = database.NewSchema();
        await Sql($"CREATE SCHEMA {schema}; CREATE TABLE {schema}.customers(id int PRIMARY KEY, name text); INSERT INTO {schema}.customers VALUES (1, 'Contoso');");
        var before = await TablesAsync(schema);

        var error = await InitializeFailingAsync(schema);

        Assert.Contains($"'{schema}'", error.Message, StringComparison.Ordinal);
        Assert.Contains("customers", error.Message, StringComparison.Ordinal);
        Assert.Contains("not an EdgeFlows store", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, await TablesAsync(schema));
    }

    [Fact]
    public async Task InitializeAsync_NewerSchemaVersion_ThrowsNamingBothVersions()
    {
        var schema = await CreatedSchemaAsync();
        await Sql($"UPDATE {schema}.edgeflows_schema SET value = '99' WHERE key = 'schema_version'");

        var error = await InitializeFailingAsync(schema);

        Assert.Contains("version 99", error.Message, StringComparison.Ordinal);
        Assert.Contains("this build's 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InitializeAsync_UnreadableMarker_ThrowsNamingTheMarker()
    {
        var schema = await CreatedSchemaAsync();
        await Sql($"UPDATE {schema}.edgeflows_schema SET value = 'Other' WHERE key = 'product'");

        var error = await InitializeFailingAsync(schema);

        Assert.Contains("product 'Other'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InitializeAsync_ForeignTableBesideTheStore_ThrowsNamingTheTable()
    {
        var schema = await CreatedSchemaAsync();
        await Sql($"CREATE TABLE {schema}.orders(id int)");

        var error = await InitializeFailingAsync(schema);

        Assert.Contains("did not create (orders)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InitializeAsync_ExtensionTablesOnly_CreatesTheStoreBesideThem()
    {
        var schema = database.NewSchema();
        await Sql($"CREATE SCHEMA {schema}; CREATE TABLE {schema}.ext_models_versions(id int); INSERT INTO {schema}.ext_models_versions VALUES (7);");

        await using var store = new PostgresOrchestrationStore(database.Options(schema));
        await store.InitializeAsync();
        await store.CreateInstanceAsync(new NewOrchestration(Started("one")), OrchestrationIdReusePolicy.Error);

        Assert.Equal(7, await Scalar($"SELECT id FROM {schema}.ext_models_versions"));
        Assert.NotNull(await store.GetInstanceAsync("one"));
    }

    [Fact]
    public async Task InitializeAsync_ManyStoresAtOnceOnANewSchema_AllSucceed()
    {
        var schema = database.NewSchema();
        var stores = Enumerable.Range(0, 6).Select(_ => new PostgresOrchestrationStore(database.Options(schema))).ToList();
        try
        {
            await Task.WhenAll(stores.Select(s => s.InitializeAsync()));

            Assert.Equal(1L, await Scalar($"SELECT COUNT(*) FROM {schema}.edgeflows_schema WHERE key = 'schema_version'"));
        }
        finally
        {
            foreach (var store in stores)
            {
                await store.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task Stores_TwoSchemasInOneDatabase_SeeOnlyTheirOwnInstances()
    {
        await using var first = new PostgresOrchestrationStore(database.Options());
        await using var second = new PostgresOrchestrationStore(database.Options());
        await first.InitializeAsync();
        await second.InitializeAsync();

        await first.CreateInstanceAsync(new NewOrchestration(Started("shared-id")), OrchestrationIdReusePolicy.Error);

        Assert.NotNull(await first.GetInstanceAsync("shared-id"));
        Assert.Null(await second.GetInstanceAsync("shared-id"));
        Assert.Empty(await second.LockNextOrchestrationsAsync("host", 10, TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task CreateInstanceAsync_BeforeInitialize_ThrowsSayingSo()
    {
        await using var store = new PostgresOrchestrationStore(database.Options());

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => store.CreateInstanceAsync(new NewOrchestration(Started("early")), OrchestrationIdReusePolicy.Error));

        Assert.Contains("InitializeAsync", error.Message, StringComparison.Ordinal);
    }

    private static ExecutionStarted Started(string instanceId) =>
        new(DateTime.UtcNow, "Greeter", instanceId, instanceId + "-exec-1", null, null, null, null);

    private async Task<string> CreatedSchemaAsync()
    {
        var schema = database.NewSchema();
        await using var store = new PostgresOrchestrationStore(database.Options(schema));
        await store.InitializeAsync();
        return schema;
    }

    private async Task<StoreCorruptedException> InitializeFailingAsync(string schema)
    {
        await using var store = new PostgresOrchestrationStore(database.Options(schema));
        return await Assert.ThrowsAsync<StoreCorruptedException>(() => store.InitializeAsync());
    }

    private async Task<string> TablesAsync(string schema) =>
        (string)(await Scalar($"SELECT string_agg(tablename, ',' ORDER BY tablename) FROM pg_tables WHERE schemaname = '{schema}'"))!;

    private Task<object?> Scalar(string sql) => TestPostgres.ExecuteAsync(database.ConnectionString, sql);

    private async Task Sql(string sql) => await TestPostgres.ExecuteAsync(database.ConnectionString, sql);
}
