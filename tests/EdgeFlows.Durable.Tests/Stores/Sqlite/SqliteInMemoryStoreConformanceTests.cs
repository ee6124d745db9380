// The conformance suite on a private in-memory SQLite database (no reopen: the data goes
// with the store object).
using EdgeFlows.Durable.Stores;
using EdgeFlows.Durable.Stores.Sqlite;

namespace EdgeFlows.Durable.Tests.Stores.Sqlite;

public sealed class SqliteInMemoryStoreConformanceTests : StoreConformanceTests
{
    protected override Task<IOrchestrationStore> CreateStoreAsync(TimeProvider timeProvider) =>
        Task.FromResult<IOrchestrationStore>(new SqliteOrchestrationStore(new SqliteStoreOptions { DataSource = ":memory:" }, timeProvider));
}
