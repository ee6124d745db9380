// One fresh database per test class (created through EDGEFLOWS_TEST_POSTGRES, dropped after
// the class). Tests inside the class keep apart by using a schema each.
using EdgeFlows.Durable.Stores.Postgres;
using TestPostgres = EdgeFlows.Tests.Shared.Postgres;

namespace EdgeFlows.Durable.Tests.Stores.Postgres;

public sealed class PostgresDatabaseFixture : IAsyncLifetime
{
    private PostgresDatabase? _database;
    private int _schemas;

    internal PostgresDatabase Database => _database ?? throw new InvalidOperationException("The database is not created yet.");

    public string ConnectionString => Database.ConnectionString;

    /// <summary>A schema name no other test of the class uses.</summary>
    public string NewSchema() => $"s{Interlocked.Increment(ref _schemas)}";

    /// <summary>Store options on this database with a new schema unless one is given.</summary>
    public PostgresStoreOptions Options(string? schema = null) => new()
    {
        ConnectionString = ConnectionString,
        Schema = schema ?? NewSchema(),
        CommandTimeoutSeconds = 30,
    };

    public async Task InitializeAsync() => _database = await TestPostgres.CreateDatabaseAsync("durable");

    public async Task DisposeAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }
}
