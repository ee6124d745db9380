// The SQLite schema: four tables in the manner of durabletask-go's SQLite backend, the
// triggers' receipts, and a marker table so a foreign database is recognised and never
// written to. Tables named ext_* belong to other EdgeFlows components that keep their data in
// the same file (the embedded model registry: ext_models_*); each owns and versions its own
// tables, so the store neither counts them as foreign nor as a sign of its own schema.
using Microsoft.Data.Sqlite;

namespace EdgeFlows.Durable.Stores.Sqlite;

internal static class SqliteSchema
{
    public const string Product = "EdgeFlows";
    public const int Version = 1;

    // Times are INTEGER .NET ticks (UTC). lock_expires = 0 means not locked; next_due is the
    // earliest due time of the instance's inbox (NULL when empty), so finding work is an
    // index range scan over instances, not over messages.
    private const string Ddl = """
        CREATE TABLE IF NOT EXISTS edgeflows_schema (
            key   TEXT PRIMARY KEY,
            value TEXT NOT NULL
        );
        CREATE TABLE IF NOT EXISTS instances (
            instance_id        TEXT PRIMARY KEY,
            execution_id       TEXT NOT NULL,
            name               TEXT NOT NULL,
            status             TEXT NOT NULL,
            input              TEXT,
            output             TEXT,
            custom_status      TEXT,
            failure            TEXT,
            parent_instance_id TEXT,
            created_at         INTEGER NOT NULL,
            last_updated_at    INTEGER NOT NULL,
            completed_at       INTEGER,
            history_count      INTEGER NOT NULL DEFAULT 0,
            next_due           INTEGER,
            lock_owner         TEXT,
            lock_expires       INTEGER NOT NULL DEFAULT 0,
            delivery_count     INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX IF NOT EXISTS ix_instances_next_due ON instances(next_due) WHERE next_due IS NOT NULL;
        CREATE INDEX IF NOT EXISTS ix_instances_created ON instances(created_at, instance_id);
        CREATE INDEX IF NOT EXISTS ix_instances_status ON instances(status, created_at);
        CREATE TABLE IF NOT EXISTS history (
            instance_id TEXT NOT NULL,
            seq         INTEGER NOT NULL,
            event       TEXT NOT NULL,
            PRIMARY KEY (instance_id, seq)
        ) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS inbox (
            id          INTEGER PRIMARY KEY AUTOINCREMENT,
            instance_id TEXT NOT NULL,
            event       TEXT NOT NULL,
            due         INTEGER NOT NULL
        );
        CREATE INDEX IF NOT EXISTS ix_inbox_instance ON inbox(instance_id, due);
        CREATE TABLE IF NOT EXISTS activities (
            id             INTEGER PRIMARY KEY AUTOINCREMENT,
            instance_id    TEXT NOT NULL,
            execution_id   TEXT NOT NULL,
            task_id        INTEGER NOT NULL,
            name           TEXT NOT NULL,
            input          TEXT,
            attempt        INTEGER NOT NULL,
            trace_parent   TEXT,
            created_at     INTEGER NOT NULL,
            lock_owner     TEXT,
            lock_expires   INTEGER NOT NULL DEFAULT 0,
            delivery_count INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX IF NOT EXISTS ix_activities_lock ON activities(lock_expires, id);
        CREATE INDEX IF NOT EXISTS ix_activities_instance ON activities(instance_id);
        CREATE TABLE IF NOT EXISTS receipts (
            key        TEXT PRIMARY KEY,
            created_at INTEGER NOT NULL
        ) WITHOUT ROWID;
        """;

    private static readonly string[] OwnTables = ["edgeflows_schema", "instances", "history", "inbox", "activities", "receipts", "sqlite_sequence"];

    /// <summary>Checks, without writing, that the database is empty or an intact EdgeFlows store of a known version.</summary>
    public static void Verify(SqliteConnection connection, string source, bool verifyIntegrity)
    {
        var tables = new List<string>();
        using (var list = connection.CreateCommand())
        {
            list.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table'";
            using var reader = list.ExecuteReader();
            while (reader.Read())
            {
                var name = reader.GetString(0);
                if (!name.StartsWith(SqliteOrchestrationStore.ExtensionTablePrefix, StringComparison.Ordinal))
                {
                    tables.Add(name);
                }
            }
        }

        if (tables.Count > 0)
        {
            if (!tables.Contains("edgeflows_schema"))
            {
                throw new StoreCorruptedException(
                    $"The database '{source}' is not an EdgeFlows store (it has tables {string.Join(", ", tables)}). " +
                    "Nothing was changed. Point the store at a new file or at an EdgeFlows database.");
            }

            var product = ReadMarker(connection, "product");
            var version = ReadMarker(connection, "schema_version");
            if (product != Product || !int.TryParse(version, out var found))
            {
                throw new StoreCorruptedException($"The database '{source}' has an unreadable EdgeFlows marker (product '{product}', version '{version}'). Nothing was changed.");
            }

            if (found > Version)
            {
                throw new StoreCorruptedException(
                    $"The database '{source}' has schema version {found}, newer than this build's {Version}. Upgrade EdgeFlows; nothing was changed.");
            }

            var foreign = tables.Except(OwnTables).ToList();
            if (foreign.Count > 0)
            {
                throw new StoreCorruptedException($"The database '{source}' holds tables EdgeFlows did not create ({string.Join(", ", foreign)}). Nothing was changed.");
            }
        }

        if (verifyIntegrity)
        {
            using var check = connection.CreateCommand();
            check.CommandText = "PRAGMA quick_check";
            var result = check.ExecuteScalar() as string;
            if (result != "ok")
            {
                throw new StoreCorruptedException($"The database '{source}' failed SQLite's integrity check: {result}. Restore it from a backup.");
            }
        }
    }

    /// <summary>Creates what is missing of the schema (after <see cref="Verify"/>).</summary>
    public static void Create(SqliteConnection connection, SqliteTransaction transaction)
    {
        using var create = connection.CreateCommand();
        create.Transaction = transaction;
        create.CommandText = Ddl + $"""

            INSERT OR IGNORE INTO edgeflows_schema(key, value) VALUES ('product', '{Product}');
            INSERT OR IGNORE INTO edgeflows_schema(key, value) VALUES ('schema_version', '{Version}');
            """;
        create.ExecuteNonQuery();
    }

    private static string? ReadMarker(SqliteConnection connection, string key)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT value FROM edgeflows_schema WHERE key = $key";
        command.Parameters.AddWithValue("$key", key);
        return command.ExecuteScalar() as string;
    }
}
