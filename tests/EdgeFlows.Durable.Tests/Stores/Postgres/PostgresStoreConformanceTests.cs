// The whole store conformance suite on PostgreSQL: every test on a schema of its own in the
// class's database, reopened on the same schema to play a restart.
using EdgeFlows.Durable.Stores;
using EdgeFlows.Durable.Stores.Postgres;

namespace EdgeFlows.Durable.Tests.Stores.Postgres;

public sealed class PostgresStoreConformanceTests(PostgresDatabaseFixture database) : PersistentStoreConformanceTests, IClassFixture<PostgresDatabaseFixture>
{
    private string? _firstSchema;

    protected override Task<IOrchestrationStore> CreateStoreAsync(TimeProvider timeProvider)
    {
        var options = database.Options();
        _firstSchema ??= options.Schema;
        return Task.FromResult<IOrchestrationStore>(new PostgresOrchestrationStore(options, timeProvider));
    }

    protected override Task<IOrchestrationStore> ReopenStoreAsync(TimeProvider timeProvider) =>
        Task.FromResult<IOrchestrationStore>(new PostgresOrchestrationStore(
            database.Options(_firstSchema ?? throw new InvalidOperationException("No store was created yet.")),
            timeProvider));
}
