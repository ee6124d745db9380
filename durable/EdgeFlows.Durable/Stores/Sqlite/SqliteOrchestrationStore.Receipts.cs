// Receipts: what triggers have reported, recorded in the same transaction as the event that
// reports it, so one blob version starts one run even across crashes and several hosts.
using EdgeFlows.Durable.History;
using Microsoft.Data.Sqlite;

namespace EdgeFlows.Durable.Stores.Sqlite;

public sealed partial class SqliteOrchestrationStore
{
    /// <inheritdoc />
    public Task<bool> RaiseEventWithReceiptsAsync(
        string instanceId,
        EventRaised message,
        IReadOnlyCollection<string> receiptKeys,
        ExecutionStarted startIfMissing,
        CancellationToken cancellationToken = default)
    {
        StoreRows.CheckReceiptEvent(instanceId, message, receiptKeys, startIfMissing);

        return Writer.ExecuteAsync(
            (c, t) =>
            {
                var exists = c.Cached(t, "SELECT 1 FROM receipts WHERE key = $key", ("$key", string.Empty));
                foreach (var key in receiptKeys)
                {
                    exists.Parameters["$key"].Value = key;
                    if (exists.ExecuteScalar() is not null)
                    {
                        return false;
                    }
                }

                var now = UtcNow;
                var insert = c.Cached(t, "INSERT OR IGNORE INTO receipts(key, created_at) VALUES ($key, $now)", ("$key", string.Empty), ("$now", now.Ticks));
                foreach (var key in receiptKeys)
                {
                    insert.Parameters["$key"].Value = key;
                    insert.ExecuteNonQuery();
                }

                if (!IsActive(c, t, instanceId))
                {
                    InsertInstance(c, t, new NewOrchestration(startIfMissing), OrchestrationIdReusePolicy.ReplaceIfFinished, now);
                }

                InsertMessage(c, t, instanceId, message, now);
                return true;
            },
            raised =>
            {
                if (raised)
                {
                    Signals.Orchestrations.Set();
                }
            }).WaitAsync(cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyCollection<string>> GetReceiptsAsync(string keyPrefix, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keyPrefix);
        return ReadAsync<IReadOnlyCollection<string>>(
            (c, t) =>
            {
                using var command = PrefixQuery(c, t, keyPrefix);
                using var reader = command.ExecuteReader();
                var keys = new List<string>();
                while (reader.Read())
                {
                    keys.Add(reader.GetString(0));
                }

                return keys;
            },
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<int> DeleteReceiptsAsync(IReadOnlyCollection<string> receiptKeys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(receiptKeys);
        if (receiptKeys.Count == 0)
        {
            return Task.FromResult(0);
        }

        return Writer.ExecuteAsync(
            (c, t) =>
            {
                var delete = c.Cached(t, "DELETE FROM receipts WHERE key = $key", ("$key", string.Empty));
                var deleted = 0;
                foreach (var key in receiptKeys)
                {
                    delete.Parameters["$key"].Value = key;
                    deleted += delete.ExecuteNonQuery();
                }

                return deleted;
            }).WaitAsync(cancellationToken);
    }

    /// <summary>
    /// Keys starting with the prefix as a range over the primary key (an index seek), which
    /// needs the least string above every key with that prefix: the prefix with its last
    /// character raised by one. Where that is not a plain character, a scan compares prefixes.
    /// </summary>
    private static SqliteCommand PrefixQuery(SqliteConnection c, SqliteTransaction? t, string prefix)
    {
        if (prefix.Length == 0)
        {
            return c.Command(t, "SELECT key FROM receipts");
        }

        var last = prefix[^1];
        return last < '\uD7FF'
            ? c.Command(t, "SELECT key FROM receipts WHERE key >= $low AND key < $high", ("$low", prefix), ("$high", prefix[..^1] + (char)(last + 1)))
            : c.Command(t, "SELECT key FROM receipts WHERE substr(key, 1, length($low)) = $low", ("$low", prefix));
    }
}
