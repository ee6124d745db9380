// Where a registry contract suite keeps the registries of one test: a SQLite file of its own,
// or a PostgreSQL database of its own. The suites take one and run the same tests on each.
using EdgeFlows.Activities.Models;
using EdgeFlows.Tests.Shared;

namespace EdgeFlows.Activities.Tests.Models;

public abstract class RegistryStorage<TRegistry>
    where TRegistry : class, IModelRegistry, IAsyncDisposable
{
    /// <summary>Makes the empty place the registries of one test live in.</summary>
    public abstract Task CreateAsync();

    /// <summary>Opens a registry there; several may be open at once, as on several hosts.</summary>
    public abstract TRegistry Open(TimeProvider? time = null);

    /// <summary>Removes what <see cref="CreateAsync"/> made, after every registry is closed.</summary>
    public abstract Task DeleteAsync();
}

public sealed class SqliteRegistryStorage : RegistryStorage<SqliteModelRegistry>, IDisposable
{
    private RegistryFile? _file;

    public override Task CreateAsync()
    {
        _file = new RegistryFile();
        return Task.CompletedTask;
    }

    public override SqliteModelRegistry Open(TimeProvider? time = null) => _file!.OpenRegistry(time);

    public override Task DeleteAsync()
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        _file?.Dispose();
        _file = null;
    }
}

public sealed class PostgresRegistryStorage : RegistryStorage<PostgresModelRegistry>
{
    private PostgresDatabase? _database;

    public override async Task CreateAsync() => _database = await Postgres.CreateDatabaseAsync("models");

    public override PostgresModelRegistry Open(TimeProvider? time = null) =>
        new(new PostgresModelRegistryOptions { ConnectionString = _database!.ConnectionString }, timeProvider: time);

    public override Task DeleteAsync() => _database?.DisposeAsync().AsTask() ?? Task.CompletedTask;
}
