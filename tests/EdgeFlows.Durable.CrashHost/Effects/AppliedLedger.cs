// The idempotent ledger, in the pattern activities with external effects should follow:
// the idempotency key is recorded in the same transaction as the effect, and an effect whose
// key is already there is skipped. However often the runtime delivers a call, its effect is
// applied once.
using Microsoft.Data.Sqlite;

namespace EdgeFlows.Durable.CrashHost.Effects;

/// <summary>Applies each activity call's effect exactly once, keyed by its idempotency key.</summary>
public sealed class AppliedLedger
{
    private readonly string _connectionString;
    // Activities in this process take turns; SQLite has one writer anyway.
    private readonly Lock _writer = new();

    /// <summary>Opens (and creates if needed) the ledger in <paramref name="directory"/>.</summary>
    public AppliedLedger(string directory)
    {
        _connectionString = ConnectionString(directory);
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            PRAGMA journal_mode = WAL;
            CREATE TABLE IF NOT EXISTS applied (key TEXT PRIMARY KEY);
            CREATE TABLE IF NOT EXISTS effects (
                id       INTEGER PRIMARY KEY AUTOINCREMENT,
                key      TEXT NOT NULL,
                activity TEXT NOT NULL,
                pid      INTEGER NOT NULL);
            """;
        command.ExecuteNonQuery();
    }

    /// <summary>Applies the effect unless this key was applied before; true when applied now.</summary>
    public bool ApplyOnce(string idempotencyKey, string activity)
    {
        lock (_writer)
        {
            using var connection = Open();
            using var transaction = connection.BeginTransaction();
            using var claim = connection.CreateCommand();
            claim.Transaction = transaction;
            claim.CommandText = "INSERT OR IGNORE INTO applied(key) VALUES ($key)";
            claim.Parameters.AddWithValue("$key", idempotencyKey);
            if (claim.ExecuteNonQuery() == 0)
            {
                return false;
            }

            using var effect = connection.CreateCommand();
            effect.Transaction = transaction;
            effect.CommandText = "INSERT INTO effects(key, activity, pid) VALUES ($key, $activity, $pid)";
            effect.Parameters.AddWithValue("$key", idempotencyKey);
            effect.Parameters.AddWithValue("$activity", activity);
            effect.Parameters.AddWithValue("$pid", Environment.ProcessId);
            effect.ExecuteNonQuery();
            transaction.Commit();
            return true;
        }
    }

    /// <summary>Reads every applied effect recorded in <paramref name="directory"/>.</summary>
    public static IReadOnlyList<EffectEntry> Read(string directory)
    {
        using var connection = new SqliteConnection(ConnectionString(directory));
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT key, activity, pid FROM effects ORDER BY id";
        using var reader = command.ExecuteReader();
        var entries = new List<EffectEntry>();
        while (reader.Read())
        {
            entries.Add(new EffectEntry(reader.GetString(0), reader.GetString(1), reader.GetInt32(2)));
        }

        return entries;
    }

    private static string ConnectionString(string directory) => new SqliteConnectionStringBuilder
    {
        DataSource = Path.Combine(directory, CrashHostSettings.AppliedLedgerFile),
        Pooling = false,
    }.ToString();

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        using var durable = connection.CreateCommand();
        durable.CommandText = "PRAGMA synchronous = FULL";
        durable.ExecuteNonQuery();
        return connection;
    }
}
