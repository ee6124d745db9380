// The registry's tables in a PostgreSQL schema, next to the durable store's: named ext_models_*,
// which the store's schema check leaves alone (PostgresSchema.ExtensionTablePrefix), with the
// registry's own schema version in ext_models_schema. Times are bigint .NET ticks (UTC) and
// metrics, tags and lineage JSON text, as in the SQLite registry; the partial unique index
// keeps one champion per model even against a buggy writer.
using Npgsql;

namespace EdgeFlows.Activities.Models;

internal static class PostgresModelRegistrySchema
{
    public const int Version = 1;

    public static string Ddl(string s) => $"""
        CREATE SCHEMA IF NOT EXISTS {s};
        CREATE TABLE IF NOT EXISTS {s}.ext_models_schema (
            key   text PRIMARY KEY,
            value text NOT NULL
        );
        CREATE TABLE IF NOT EXISTS {s}.ext_models_versions (
            name            text COLLATE "C" NOT NULL,
            version         integer NOT NULL,
            run_id          text NOT NULL,
            stage           text NOT NULL,
            stage_reason    text,
            artifact_uri    text NOT NULL,
            image_reference text,
            image_digest    text,
            metrics         text NOT NULL,
            tags            text NOT NULL,
            lineage         text NOT NULL,
            created_at      bigint NOT NULL,
            updated_at      bigint NOT NULL,
            PRIMARY KEY (name, version)
        );
        CREATE UNIQUE INDEX IF NOT EXISTS ext_models_ix_run ON {s}.ext_models_versions(name, run_id);
        CREATE UNIQUE INDEX IF NOT EXISTS ext_models_ix_champion ON {s}.ext_models_versions(name) WHERE stage = 'Promoted';
        CREATE INDEX IF NOT EXISTS ext_models_ix_stage ON {s}.ext_models_versions(stage, name, version);
        CREATE TABLE IF NOT EXISTS {s}.ext_models_tags (
            name    text COLLATE "C" NOT NULL,
            version integer NOT NULL,
            key     text NOT NULL,
            value   text NOT NULL,
            PRIMARY KEY (name, version, key)
        );
        CREATE INDEX IF NOT EXISTS ext_models_ix_tag ON {s}.ext_models_tags(key, value, name, version);
        INSERT INTO {s}.ext_models_schema(key, value) VALUES ('component', 'model-registry') ON CONFLICT DO NOTHING;
        INSERT INTO {s}.ext_models_schema(key, value) VALUES ('schema_version', '{Version}') ON CONFLICT DO NOTHING;
        """;

    /// <summary>
    /// Checks, before anything is written, that the schema holds no registry of a newer or
    /// unreadable version. True when it holds this version's tables complete, so no DDL is
    /// needed (and a role that may only read and write rows can use a registry set up once by
    /// a privileged one).
    /// </summary>
    public static async Task<bool> VerifyAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string schema, string where, CancellationToken cancellationToken)
    {
        var exists = new NpgsqlCommand(
            "SELECT to_regclass(@marker) IS NOT NULL, to_regclass(@versions) IS NOT NULL AND to_regclass(@tags) IS NOT NULL",
            connection,
            transaction);
        await using var existsScope = exists.ConfigureAwait(false);
        exists.Parameters.AddWithValue("marker", $"{Quote(schema)}.ext_models_schema");
        exists.Parameters.AddWithValue("versions", $"{Quote(schema)}.ext_models_versions");
        exists.Parameters.AddWithValue("tags", $"{Quote(schema)}.ext_models_tags");
        bool hasMarker, hasTables;
        var reader = await exists.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            hasMarker = reader.GetBoolean(0);
            hasTables = reader.GetBoolean(1);
        }

        if (!hasMarker)
        {
            return false;
        }

        var read = new NpgsqlCommand($"SELECT value FROM {Quote(schema)}.ext_models_schema WHERE key = 'schema_version'", connection, transaction);
        await using var readScope = read.ConfigureAwait(false);
        var value = await read.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as string;
        if (!int.TryParse(value, out var found))
        {
            throw new ModelRegistryException($"The model registry in {where} has an unreadable schema version ('{value}'). Nothing was changed.");
        }

        if (found > Version)
        {
            throw new ModelRegistryException($"The model registry in {where} has schema version {found}, newer than this build's {Version}. Upgrade EdgeFlows; nothing was changed.");
        }

        return found == Version && hasTables;
    }

    /// <summary>The schema name as an SQL identifier (options allow only [a-z0-9_], so quoting is for keywords).</summary>
    public static string Quote(string schema) => $"\"{schema}\"";
}
