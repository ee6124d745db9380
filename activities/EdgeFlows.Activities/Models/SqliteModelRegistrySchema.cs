// The registry's tables in the durable store's SQLite file. They are named ext_models_*: the
// store ignores ext_* tables (SqliteOrchestrationStore.ExtensionTablePrefix), and the registry
// versions its own schema in ext_models_schema. Like the store, the registry refuses, without
// writing anything, a file that holds tables of some other application.
using EdgeFlows.Durable.Stores.Sqlite;
using Microsoft.Data.Sqlite;

namespace EdgeFlows.Activities.Models;

internal static class SqliteModelRegistrySchema
{
    public const int Version = 1;
    public const string SchemaTable = "ext_models_schema";
    public const string VersionsTable = "ext_models_versions";
    public const string TagsTable = "ext_models_tags";

    // The store's marker table and product, which say a file is an EdgeFlows database.
    private const string StoreMarkerTable = "edgeflows_schema";
    private const string StoreProduct = "EdgeFlows";

    // Times are INTEGER .NET ticks (UTC), as in the store. Metrics, tags and lineage are JSON;
    // tags are also rows of ext_models_tags so listing by tag is an index lookup. The partial
    // unique index is what makes "one champion per model" hold even against a buggy writer.
    private const string Ddl = """
        CREATE TABLE IF NOT EXISTS ext_models_schema (
            key   TEXT PRIMARY KEY,
            value TEXT NOT NULL
        ) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS ext_models_versions (
            name            TEXT NOT NULL,
            version         INTEGER NOT NULL,
            run_id          TEXT NOT NULL,
            stage           TEXT NOT NULL,
            stage_reason    TEXT,
            artifact_uri    TEXT NOT NULL,
            image_reference TEXT,
            image_digest    TEXT,
            metrics         TEXT NOT NULL,
            tags            TEXT NOT NULL,
            lineage         TEXT NOT NULL,
            created_at      INTEGER NOT NULL,
            updated_at      INTEGER NOT NULL,
            PRIMARY KEY (name, version)
        ) WITHOUT ROWID;
        CREATE UNIQUE INDEX IF NOT EXISTS ext_models_ix_run ON ext_models_versions(name, run_id);
        CREATE UNIQUE INDEX IF NOT EXISTS ext_models_ix_champion ON ext_models_versions(name) WHERE stage = 'Promoted';
        CREATE INDEX IF NOT EXISTS ext_models_ix_stage ON ext_models_versions(stage, name, version);
        CREATE TABLE IF NOT EXISTS ext_models_tags (
            name    TEXT NOT NULL,
            version INTEGER NOT NULL,
            key     TEXT NOT NULL,
            value   TEXT NOT NULL,
            PRIMARY KEY (name, version, key)
        ) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS ext_models_ix_tag ON ext_models_tags(key, value, name, version);
        """;

    /// <summary>Checks, without writing, that the file is empty or an EdgeFlows database whose registry schema this build knows.</summary>
    public static void Verify(SqliteConnection connection, string source)
    {
        var tables = new List<string>();
        using (var list = connection.CreateCommand())
        {
            list.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table'";
            using var reader = list.ExecuteReader();
            while (reader.Read())
            {
                tables.Add(reader.GetString(0));
            }
        }

        var others = tables.Where(t => !t.StartsWith(SqliteOrchestrationStore.ExtensionTablePrefix, StringComparison.Ordinal)).ToList();
        if (others.Count > 0 && (!others.Contains(StoreMarkerTable) || ReadValue(connection, StoreMarkerTable, "product") != StoreProduct))
        {
            throw new ModelRegistryException(
                $"The database '{source}' is not an EdgeFlows database (it has tables {string.Join(", ", others)}). Nothing was changed. " +
                "Point the model registry at the durable store's file or at a new file.");
        }

        if (tables.Contains(SchemaTable))
        {
            var version = ReadValue(connection, SchemaTable, "schema_version");
            if (!int.TryParse(version, out var found))
            {
                throw new ModelRegistryException($"The database '{source}' has an unreadable model registry schema version ('{version}'). Nothing was changed.");
            }

            if (found > Version)
            {
                throw new ModelRegistryException(
                    $"The database '{source}' has model registry schema version {found}, newer than this build's {Version}. Upgrade EdgeFlows; nothing was changed.");
            }
        }
    }

    /// <summary>Creates what is missing of the schema (after <see cref="Verify"/>).</summary>
    public static void Create(SqliteConnection connection, SqliteTransaction transaction)
    {
        using var create = connection.CreateCommand();
        create.Transaction = transaction;
        create.CommandText = Ddl + $"""

            INSERT OR IGNORE INTO ext_models_schema(key, value) VALUES ('component', 'model-registry');
            INSERT OR IGNORE INTO ext_models_schema(key, value) VALUES ('schema_version', '{Version}');
            """;
        create.ExecuteNonQuery();
    }

    private static string? ReadValue(SqliteConnection connection, string table, string key)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT value FROM {table} WHERE key = $key";
        command.Parameters.AddWithValue("$key", key);
        return command.ExecuteScalar() as string;
    }
}
