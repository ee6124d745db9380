// SQLite-only behaviour: the store refuses files that are not its own, damaged or newer,
// and leaves them exactly as they were; it shares its file with other components' ext_* tables.
using System.Security.Cryptography;
using EdgeFlows.Durable.History;
using EdgeFlows.Durable.Stores;
using EdgeFlows.Durable.Stores.Sqlite;
using Microsoft.Data.Sqlite;

namespace EdgeFlows.Durable.Tests.Stores.Sqlite;

public sealed class SqliteStoreTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "edgeflows-tests", Guid.NewGuid().ToString("N"));
    private readonly string _path;

    public SqliteStoreTests()
    {
        Directory.CreateDirectory(_directory);
        _path = Path.Combine(_directory, "store.db");
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task InitializeAsync_ForeignDatabase_ThrowsAndLeavesTheFileUnchanged()
    {
        Sql("CREATE TABLE customers(id INTEGER PRIMARY KEY, name TEXT); INSERT INTO customers(name) VALUES ('Contoso');");
        var before = Hash();

        var error = await InitializeFailingAsync();

        Assert.Contains(_path, error.Message, StringComparison.Ordinal);
        Assert.Contains("customers", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, Hash());
    }

    [Fact]
    public async Task InitializeAsync_FileThatIsNotSqlite_ThrowsNamingTheFileAndLeavesItUnchanged()
    {
        var bytes = new byte[16384];
        new Random(7).NextBytes(bytes);
        await File.WriteAllBytesAsync(_path, bytes);

        var error = await InitializeFailingAsync();

        Assert.Contains(_path, error.Message, StringComparison.Ordinal);
        Assert.Equal(bytes, await File.ReadAllBytesAsync(_path));
    }

    [Fact]
    public async Task InitializeAsync_NewerSchemaVersion_ThrowsAndLeavesTheFileUnchanged()
    {
        await using (var store = Open())
        {
            await store.InitializeAsync();
        }

        Sql("UPDATE edgeflows_schema SET value = '99' WHERE key = 'schema_version'");
        var before = Hash();

        var error = await InitializeFailingAsync();

        Assert.Contains("99", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, Hash());
    }

    [Fact]
    public async Task InitializeAsync_ForeignTableInAnEdgeFlowsDatabase_Throws()
    {
        await using (var store = Open())
        {
            await store.InitializeAsync();
        }

        Sql("CREATE TABLE notes(text TEXT)");

        var error = await InitializeFailingAsync();

        Assert.Contains("notes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InitializeAsync_ExtensionTablesInAnEdgeFlowsDatabase_OpensAndKeepsThem()
    {
        await using (var store = Open())
        {
            await store.InitializeAsync();
        }

        Sql($"CREATE TABLE {SqliteOrchestrationStore.ExtensionTablePrefix}component_data(id INTEGER PRIMARY KEY, value TEXT); " +
            $"INSERT INTO {SqliteOrchestrationStore.ExtensionTablePrefix}component_data(value) VALUES ('kept');");

        await using (var store = Open())
        {
            await store.InitializeAsync();
            var started = new ExecutionStarted(DateTime.UtcNow, "Greeter", "instance-1", "exec-1", null);
            Assert.True(await store.CreateInstanceAsync(new NewOrchestration(started), OrchestrationIdReusePolicy.Error));
        }

        Assert.Equal("kept", Scalar($"SELECT value FROM {SqliteOrchestrationStore.ExtensionTablePrefix}component_data"));
    }

    [Fact]
    public async Task InitializeAsync_FileWithOnlyExtensionTables_CreatesTheStoreBesideThem()
    {
        // Another component (the model registry) may create its tables before the store first opens the file.
        Sql($"CREATE TABLE {SqliteOrchestrationStore.ExtensionTablePrefix}component_data(id INTEGER PRIMARY KEY)");

        await using (var store = Open())
        {
            await store.InitializeAsync();
        }

        Assert.Equal("EdgeFlows", Scalar("SELECT value FROM edgeflows_schema WHERE key = 'product'"));
        Assert.Equal(0L, Scalar($"SELECT COUNT(*) FROM {SqliteOrchestrationStore.ExtensionTablePrefix}component_data"));
    }

    [Fact]
    public async Task InitializeAsync_ForeignTableBesideExtensionTables_ThrowsAndLeavesTheFileUnchanged()
    {
        Sql($"CREATE TABLE {SqliteOrchestrationStore.ExtensionTablePrefix}component_data(id INTEGER PRIMARY KEY); CREATE TABLE customers(id INTEGER PRIMARY KEY);");
        var before = Hash();

        var error = await InitializeFailingAsync();

        Assert.Contains("customers", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, Hash());
    }

    [Fact]
    public async Task InitializeAsync_DamagedPage_ThrowsStoreCorrupted()
    {
        await using (var store = Open())
        {
            await store.InitializeAsync();
            for (var i = 0; i < 300; i++)
            {
                var started = new ExecutionStarted(DateTime.UtcNow, "Greeter", $"instance-{i:D4}", $"exec-{i}", $"\"{new string('x', 200)}\"");
                await store.CreateInstanceAsync(new NewOrchestration(started), OrchestrationIdReusePolicy.Error);
            }
        }

        Assert.False(File.Exists(_path + "-wal") && new FileInfo(_path + "-wal").Length > 0, "The store should checkpoint its log when closed.");
        var pageSize = 4096;
        var pages = new FileInfo(_path).Length / pageSize;
        Assert.True(pages > 10, $"The test needs a file of many pages; it has {pages}.");
        var garbage = new byte[pageSize];
        new Random(11).NextBytes(garbage);
        await using (var file = new FileStream(_path, FileMode.Open, FileAccess.Write))
        {
            file.Seek(pages / 2 * pageSize, SeekOrigin.Begin);
            await file.WriteAsync(garbage);
        }

        var error = await InitializeFailingAsync();

        Assert.Contains(_path, error.Message, StringComparison.Ordinal);
        Assert.Contains("integrity check", error.Message, StringComparison.Ordinal);
    }

    private SqliteOrchestrationStore Open() => new(new SqliteStoreOptions { DataSource = _path });

    private async Task<StoreCorruptedException> InitializeFailingAsync()
    {
        await using var store = Open();
        return await Assert.ThrowsAsync<StoreCorruptedException>(() => store.InitializeAsync());
    }

    private void Sql(string sql)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = _path, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private object? Scalar(string sql)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = _path, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    private string Hash() => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(_path)));
}
