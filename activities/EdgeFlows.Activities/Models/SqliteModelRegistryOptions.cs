using EdgeFlows.Durable.Stores.Sqlite;

namespace EdgeFlows.Activities.Models;

/// <summary>Options of the embedded model registry (<see cref="SqliteModelRegistry"/>).</summary>
public sealed class SqliteModelRegistryOptions
{
    /// <summary>
    /// The database file, normally the durable store's own (default <c>edgeflows.db</c>, as the
    /// store's). <c>:memory:</c> gives a private registry in a temporary file that is deleted
    /// when the registry is disposed (tests): the store's in-memory database cannot be shared,
    /// and each of the registry's connections needs the same database.
    /// </summary>
    public string DataSource { get; set; } = "edgeflows.db";

    /// <summary>Seconds a command waits for a lock held by another connection or process (default 30).</summary>
    public int BusyTimeoutSeconds { get; set; } = 30;

    /// <summary>Options for a registry in the same file as a durable store with <paramref name="store"/>.</summary>
    public static SqliteModelRegistryOptions SameFileAs(SqliteStoreOptions store)
    {
        ArgumentNullException.ThrowIfNull(store);
        return new SqliteModelRegistryOptions { DataSource = store.DataSource, BusyTimeoutSeconds = store.BusyTimeoutSeconds };
    }
}
