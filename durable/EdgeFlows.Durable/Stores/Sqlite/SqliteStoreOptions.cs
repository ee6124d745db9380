namespace EdgeFlows.Durable.Stores.Sqlite;

/// <summary>Options of the embedded SQLite store (section <c>EdgeFlows:Durable:Sqlite</c>).</summary>
public sealed class SqliteStoreOptions
{
    /// <summary>The database file, or <c>:memory:</c> for a private in-memory store (tests). Default <c>edgeflows.db</c>.</summary>
    public string DataSource { get; set; } = "edgeflows.db";

    /// <summary>
    /// SQLite's <c>synchronous</c> setting: <c>FULL</c> (default) makes every commit durable
    /// across power loss; <c>NORMAL</c> is durable across process crashes only.
    /// </summary>
    public string Synchronous { get; set; } = "FULL";

    /// <summary>Run SQLite's quick integrity check at start-up (default true).</summary>
    public bool VerifyIntegrityOnStart { get; set; } = true;

    /// <summary>Most write operations committed in one transaction (default 256).</summary>
    public int MaxWriteBatch { get; set; } = 256;

    /// <summary>Most inbox messages one orchestration turn takes (default 1,000).</summary>
    public int MaxMessagesPerTurn { get; set; } = 1000;

    /// <summary>Seconds a command waits for a lock held by another process (default 30).</summary>
    public int BusyTimeoutSeconds { get; set; } = 30;

    internal bool IsInMemory => DataSource == ":memory:";
}
