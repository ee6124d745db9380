// Receipts: what triggers have reported, recorded in the same transaction as the event that
// reports it, so one blob version starts one run even across crashes and several hosts.
using EdgeFlows.Durable.History;
using EdgeFlows.Durable.Serialization;

namespace EdgeFlows.Durable.Stores.Postgres;

public sealed partial class PostgresOrchestrationStore
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

        var keys = receiptKeys.Distinct(StringComparer.Ordinal).ToArray();
        var messageJson = DataConverter.SerializeEvent(message);
        var startJson = DataConverter.SerializeEvent(startIfMissing);
        return WriteAsync(
            async (c, t, ct) =>
            {
                if (await c.ScalarAsync(t, $"SELECT 1 FROM {S}.receipts WHERE key = ANY(@keys) LIMIT 1", ct, ("keys", keys)).ConfigureAwait(false) is not null)
                {
                    return (false, default(Wake));
                }

                // No ON CONFLICT: when another host records one of these keys at the same
                // moment, this insert fails, the transaction is retried, and the check above
                // then finds the receipt, so exactly one of them raises the event.
                var now = UtcNow;
                await c.ExecuteAsync(
                    t,
                    $"INSERT INTO {S}.receipts(key, created_at) SELECT k, @now FROM unnest(@keys::text[]) AS k",
                    ct,
                    ("keys", keys),
                    ("now", now.Ticks)).ConfigureAwait(false);
                if (!await IsActiveAsync(c, t, instanceId, ct).ConfigureAwait(false))
                {
                    await InsertInstanceAsync(c, t, new NewOrchestration(startIfMissing), startJson, OrchestrationIdReusePolicy.ReplaceIfFinished, now, ct).ConfigureAwait(false);
                }

                await InsertMessageAsync(c, t, instanceId, messageJson, now, ct).ConfigureAwait(false);
                return (true, new Wake(Orchestrations: true));
            },
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyCollection<string>> GetReceiptsAsync(string keyPrefix, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keyPrefix);

        // Keys are COLLATE "C", so a LIKE prefix is an index range scan.
        return ReadAsync<IReadOnlyCollection<string>>(
            async (c, ct) => await c.ListAsync(
                null,
                $"SELECT key FROM {S}.receipts WHERE key LIKE @prefix",
                r => r.GetString(0),
                ct,
                ("prefix", PostgresCommands.EscapeLike(keyPrefix) + "%")).ConfigureAwait(false),
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

        var keys = receiptKeys.Distinct(StringComparer.Ordinal).ToArray();
        return WriteAsync(
            async (c, t, ct) => (await c.ExecuteAsync(t, $"DELETE FROM {S}.receipts WHERE key = ANY(@keys)", ct, ("keys", keys)).ConfigureAwait(false), default(Wake)),
            cancellationToken);
    }
}
