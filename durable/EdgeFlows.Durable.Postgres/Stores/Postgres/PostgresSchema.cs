// The PostgreSQL schema: the SQLite store's four tables, the triggers' receipts and a marker
// table, all in one schema of their own so several apps can share a database. Ids and keys
// are COLLATE "C" so they compare ordinally, as in SQLite and .NET, whatever the database's
// collation. Times are bigint .NET ticks (UTC), exact to the tick like the SQLite store's.
// Tables named ext_* belong to other EdgeFlows components that keep their data in the same
// schema; each versions its own tables, so the store counts them neither as foreign nor as
// a sign of its own schema.
using Npgsql;

namespace EdgeFlows.Durable.Stores.Postgres;

internal static class PostgresSchema
{
    public const string Product = "EdgeFlows";
    public const int Version = 1;

    /// <summary>Tables of other EdgeFlows components in the same schema start with this.</summary>
    public const string ExtensionTablePrefix = "ext_";

    private static readonly string[] OwnTables = ["edgeflows_schema", "instances", "history", "inbox", "activities", "receipts"];

    private static string Ddl(string s) => $"""
        CREATE SCHEMA IF NOT EXISTS {s};
        CREATE TABLE IF NOT EXISTS {s}.edgeflows_schema (
            key   text PRIMARY KEY,
            value text NOT NULL
        );
        CREATE TABLE IF NOT EXISTS {s}.instances (
            instance_id        text COLLATE "C" PRIMARY KEY,
            execution_id       text NOT NULL,
            name               text NOT NULL,
            status             text NOT NULL,
            input              text,
            output             text,
            custom_status      text,
            failure            text,
            parent_instance_id text,
            created_at         bigint NOT NULL,
            last_updated_at    bigint NOT NULL,
            completed_at       bigint,
            history_count      integer NOT NULL DEFAULT 0,
            next_due           bigint,
            lock_owner         text,
            lock_expires       bigint NOT NULL DEFAULT 0,
            delivery_count     integer NOT NULL DEFAULT 0
        );
        CREATE INDEX IF NOT EXISTS ix_instances_next_due ON {s}.instances(next_due) WHERE next_due IS NOT NULL;
        CREATE INDEX IF NOT EXISTS ix_instances_created ON {s}.instances(created_at, instance_id);
        CREATE INDEX IF NOT EXISTS ix_instances_status ON {s}.instances(status, created_at);
        CREATE TABLE IF NOT EXISTS {s}.history (
            instance_id text COLLATE "C" NOT NULL,
            seq         integer NOT NULL,
            event       text NOT NULL,
            PRIMARY KEY (instance_id, seq)
        );
        CREATE TABLE IF NOT EXISTS {s}.inbox (
            id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            instance_id text COLLATE "C" NOT NULL,
            event       text NOT NULL,
            due         bigint NOT NULL
        );
        CREATE INDEX IF NOT EXISTS ix_inbox_instance ON {s}.inbox(instance_id, due);
        CREATE TABLE IF NOT EXISTS {s}.activities (
            id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            instance_id    text COLLATE "C" NOT NULL,
            execution_id   text NOT NULL,
            task_id        integer NOT NULL,
            name           text NOT NULL,
            input          text,
            attempt        integer NOT NULL,
            trace_parent   text,
            created_at     bigint NOT NULL,
            lock_owner     text,
            lock_expires   bigint NOT NULL DEFAULT 0,
            delivery_count integer NOT NULL DEFAULT 0
        );
        CREATE INDEX IF NOT EXISTS ix_activities_lock ON {s}.activities(lock_expires, id);
        CREATE INDEX IF NOT EXISTS ix_activities_instance ON {s}.activities(instance_id);
        CREATE TABLE IF NOT EXISTS {s}.receipts (
            key        text COLLATE "C" PRIMARY KEY,
            created_at bigint NOT NULL
        );
        INSERT INTO {s}.edgeflows_schema(key, value) VALUES ('product', '{Product}') ON CONFLICT DO NOTHING;
        INSERT INTO {s}.edgeflows_schema(key, value) VALUES ('schema_version', '{Version}') ON CONFLICT DO NOTHING;
        """;

    /// <summary>
    /// Checks that the schema is missing, empty, or an EdgeFlows store of a known version, then
    /// creates what is missing, in one transaction. Hosts starting together serialize on an
    /// advisory lock, so they never race to create the same table.
    /// </summary>
    /// <param name="connection">An open connection.</param>
    /// <param name="transaction">Its transaction, which the caller commits.</param>
    /// <param name="schema">The schema (validated by the options).</param>
    /// <param name="where">Names the database and schema in errors, without credentials.</param>
    /// <param name="cancellationToken">Cancels the check.</param>
    public static async Task VerifyAndCreateAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string schema, string where, CancellationToken cancellationToken)
    {
        await connection.ExecuteAsync(transaction, "SELECT pg_advisory_xact_lock(hashtext('edgeflows-schema:' || @schema))", cancellationToken, ("schema", schema)).ConfigureAwait(false);
        var tables = await connection.ListAsync(
            transaction,
            """
            SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = @schema AND c.relkind IN ('r', 'p', 'v', 'm', 'f') ORDER BY c.relname
            """,
            r => r.GetString(0),
            cancellationToken,
            ("schema", schema)).ConfigureAwait(false);
        tables.RemoveAll(t => t.StartsWith(ExtensionTablePrefix, StringComparison.Ordinal));
        if (tables.Count > 0)
        {
            await VerifyExistingAsync(connection, transaction, schema, where, tables, cancellationToken).ConfigureAwait(false);
        }

        // A complete schema of this version needs no DDL, so hosts whose role may only read
        // and write rows (not create) start on a schema set up once by a privileged one.
        if (!OwnTables.All(tables.Contains))
        {
            await connection.ExecuteAsync(transaction, Ddl(Quote(schema)), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The schema name as an identifier (validated by the options to need no escaping).</summary>
    public static string Quote(string schema) => $"\"{schema}\"";

    private static async Task VerifyExistingAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string schema, string where, List<string> tables, CancellationToken cancellationToken)
    {
        if (!tables.Contains("edgeflows_schema"))
        {
            throw new StoreCorruptedException(
                $"The schema '{schema}' of {where} is not an EdgeFlows store (it has tables {string.Join(", ", tables)}). " +
                "Nothing was changed. Point the store at another schema (Schema setting) or database.");
        }

        var markers = await connection.ListAsync(
            transaction,
            $"SELECT key, value FROM {Quote(schema)}.edgeflows_schema WHERE key IN ('product', 'schema_version')",
            r => (Key: r.GetString(0), Value: r.GetString(1)),
            cancellationToken).ConfigureAwait(false);
        var product = markers.FirstOrDefault(m => m.Key == "product").Value;
        var version = markers.FirstOrDefault(m => m.Key == "schema_version").Value;
        if (product != Product || !int.TryParse(version, out var found))
        {
            throw new StoreCorruptedException(
                $"The schema '{schema}' of {where} has an unreadable EdgeFlows marker (product '{product}', version '{version}'). Nothing was changed.");
        }

        if (found > Version)
        {
            throw new StoreCorruptedException(
                $"The schema '{schema}' of {where} has store schema version {found}, newer than this build's {Version}. Upgrade EdgeFlows; nothing was changed.");
        }

        var foreign = tables.Except(OwnTables).ToList();
        if (foreign.Count > 0)
        {
            throw new StoreCorruptedException(
                $"The schema '{schema}' of {where} holds tables EdgeFlows did not create ({string.Join(", ", foreign)}). Nothing was changed.");
        }
    }
}
