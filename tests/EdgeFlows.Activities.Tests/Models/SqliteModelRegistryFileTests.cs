// The registry shares the durable store's SQLite file: each opens the file with the other's
// tables in it, in either order, and both still refuse a file of some other application.
using EdgeFlows.Activities.Models;
using EdgeFlows.Durable;
using EdgeFlows.Durable.History;
using EdgeFlows.Durable.Stores;
using EdgeFlows.Durable.Stores.Sqlite;

namespace EdgeFlows.Activities.Tests.Models;

public sealed class SqliteModelRegistryFileTests : IDisposable
{
    private readonly RegistryFile _file = new();

    public void Dispose() => _file.Dispose();

    [Fact]
    public async Task StoreInitializeAsync_FileWithTheRegistrysTables_OpensAndBothKeepTheirData()
    {
        await using (var registry = _file.OpenRegistry())
        {
            await registry.RegisterAsync(Registrations.For("churn", "run-1"));
        }

        await using (var store = OpenStore())
        {
            await store.InitializeAsync();
            Assert.True(await store.CreateInstanceAsync(NewInstance("retrain-1"), OrchestrationIdReusePolicy.Error));
        }

        await using (var store = OpenStore())
        await using (var registry = _file.OpenRegistry())
        {
            await store.InitializeAsync();
            Assert.NotNull(await store.GetInstanceAsync("retrain-1"));
            Assert.Equal(1, (await registry.GetAsync("churn", 1))!.Version);
        }
    }

    [Fact]
    public async Task RegisterAsync_InAFileTheStoreHasOpen_Works()
    {
        await using var store = OpenStore();
        await store.InitializeAsync();
        await using var registry = _file.OpenRegistry();

        var version = await registry.RegisterAsync(Registrations.For("churn", "run-1"));
        Assert.True(await store.CreateInstanceAsync(NewInstance("retrain-2"), OrchestrationIdReusePolicy.Error));

        Assert.Equal(1, version.Version);
    }

    [Fact]
    public async Task InitializeAsync_ForeignDatabase_BothRefuseAndLeaveTheFileUnchanged()
    {
        _file.Sql("CREATE TABLE customers(id INTEGER PRIMARY KEY, name TEXT); INSERT INTO customers(name) VALUES ('Contoso');");
        var before = _file.Hash();

        await using (var registry = _file.OpenRegistry())
        {
            var error = await Assert.ThrowsAsync<ModelRegistryException>(() => registry.InitializeAsync());
            Assert.Contains("customers", error.Message, StringComparison.Ordinal);
        }

        await using (var store = OpenStore())
        {
            await Assert.ThrowsAsync<StoreCorruptedException>(() => store.InitializeAsync());
        }

        Assert.Equal(before, _file.Hash());
    }

    [Fact]
    public async Task InitializeAsync_FileThatIsNotSqlite_ThrowsNamingTheFile()
    {
        var bytes = new byte[8192];
        new Random(3).NextBytes(bytes);
        await File.WriteAllBytesAsync(_file.Path, bytes);
        await using var registry = _file.OpenRegistry();

        var error = await Assert.ThrowsAsync<ModelRegistryException>(() => registry.InitializeAsync());

        Assert.Contains(_file.Path, error.Message, StringComparison.Ordinal);
        Assert.Equal(bytes, await File.ReadAllBytesAsync(_file.Path));
    }

    [Fact]
    public async Task InitializeAsync_NewerRegistrySchema_ThrowsAndLeavesTheFileUnchanged()
    {
        await using (var registry = _file.OpenRegistry())
        {
            await registry.InitializeAsync();
        }

        _file.Sql("UPDATE ext_models_schema SET value = '99' WHERE key = 'schema_version'");
        var before = _file.Hash();
        await using var reopened = _file.OpenRegistry();

        var error = await Assert.ThrowsAsync<ModelRegistryException>(() => reopened.InitializeAsync());

        Assert.Contains("99", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, _file.Hash());
    }

    [Fact]
    public async Task RegistryTables_AllCarryTheStoresExtensionPrefix()
    {
        await using (var registry = _file.OpenRegistry())
        {
            await registry.InitializeAsync();
        }

        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={_file.Path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM sqlite_master WHERE type IN ('table', 'index') AND name NOT LIKE 'sqlite_%'";
        using var reader = command.ExecuteReader();
        var names = new List<string>();
        while (reader.Read())
        {
            names.Add(reader.GetString(0));
        }

        Assert.NotEmpty(names);
        Assert.All(names, name => Assert.StartsWith(SqliteOrchestrationStore.ExtensionTablePrefix, name, StringComparison.Ordinal));
    }

    [Fact]
    public async Task MemoryDataSource_UsesAPrivateFileDeletedOnDispose()
    {
        var before = Directory.GetFiles(Path.GetTempPath(), "edgeflows-models-*.db").ToHashSet();
        var registry = new SqliteModelRegistry(new SqliteModelRegistryOptions { DataSource = ":memory:" });
        await registry.RegisterAsync(Registrations.For("churn", "run-1"));
        var created = Directory.GetFiles(Path.GetTempPath(), "edgeflows-models-*.db").Except(before).ToList();
        Assert.Equal(1, (await registry.GetAsync("churn", 1))!.Version);

        await registry.DisposeAsync();

        var file = Assert.Single(created);
        Assert.False(File.Exists(file));
    }

    private SqliteOrchestrationStore OpenStore() => new(new SqliteStoreOptions { DataSource = _file.Path });

    private static NewOrchestration NewInstance(string id) =>
        new(new ExecutionStarted(DateTime.UtcNow, "Retrain", id, $"{id}-exec", null));
}
