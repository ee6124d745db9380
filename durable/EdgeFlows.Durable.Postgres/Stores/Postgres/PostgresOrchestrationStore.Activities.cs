// Leasing and committing activity calls.
using System.Collections.Concurrent;
using EdgeFlows.Durable.History;
using EdgeFlows.Durable.Serialization;
using Npgsql;

namespace EdgeFlows.Durable.Stores.Postgres;

public sealed partial class PostgresOrchestrationStore
{
    // Activity results being committed by this store now, by instance (see CompleteActivityAsync).
    private readonly ConcurrentDictionary<string, int> _resultsInFlight = new(StringComparer.Ordinal);

    private const string ActivityColumns = "a.id, a.instance_id, a.execution_id, a.task_id, a.name, a.input, a.attempt, a.delivery_count, a.trace_parent, a.created_at";

    /// <inheritdoc />
    public Task<IReadOnlyList<ActivityWorkItem>> LockNextActivitiesAsync(string owner, int maxItems, TimeSpan lease, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(owner);
        return InTransactionAsync<IReadOnlyList<ActivityWorkItem>>(
            async (c, t, ct) => await LockActivitiesAsync(c, t, owner, maxItems, lease, UtcNow, instanceId: null, ct).ConfigureAwait(false),
            cancellationToken);
    }

    /// <inheritdoc />
    public async Task CompleteActivityAsync(ActivityWorkItem workItem, HistoryEvent result, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(workItem);
        ArgumentNullException.ThrowIfNull(result);
        var resultJson = DataConverter.SerializeEvent(result);

        // Results for one instance (a fan-out's thousands) would queue behind its row lock if
        // each took it for update. Most need only read the row: the instance is already due
        // no later than now, so the result goes into its inbox beside the others, the row held
        // FOR SHARE (a turn, which updates the row, still waits for them, and they for it).
        // A result that must make the instance due (its inbox was empty) takes the row for
        // update, in a transaction of its own: a share lock is never upgraded. A result with
        // no other of its instance in flight here (a sequence's) is likely to be such a one,
        // so it goes for update at once rather than paying for a share attempt first.
        var inFlight = _resultsInFlight.AddOrUpdate(workItem.InstanceId, 1, (_, n) => n + 1);
        try
        {
            if (inFlight == 1 || !await CompleteActivityOnceAsync(workItem, resultJson, shared: true, cancellationToken).ConfigureAwait(false))
            {
                await CompleteActivityOnceAsync(workItem, resultJson, shared: false, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            if (_resultsInFlight.AddOrUpdate(workItem.InstanceId, 0, (_, n) => n - 1) <= 0)
            {
                _resultsInFlight.TryRemove(new KeyValuePair<string, int>(workItem.InstanceId, 0));
            }
        }
    }

    // False, having written nothing, when a shared lock is not enough (the instance must be made due).
    private Task<bool> CompleteActivityOnceAsync(ActivityWorkItem workItem, string resultJson, bool shared, CancellationToken cancellationToken) =>
        WriteAsync(
            async (c, t, ct) =>
            {
                // The instance first, as every write does, then the call: one lock order.
                var instance = await LockStatusAsync(c, t, workItem.InstanceId, ct, shared).ConfigureAwait(false);
                var current = instance is not null && !instance.Status.IsTerminal() && instance.ExecutionId == workItem.ExecutionId;
                var now = UtcNow;
                if (shared && current && !(instance!.NextDue <= now.Ticks))
                {
                    return (false, default(Wake));
                }

                var deleted = await c.ExecuteAsync(
                    t,
                    $"DELETE FROM {S}.activities WHERE id = @id AND lock_owner = @owner",
                    ct,
                    ("id", workItem.Id),
                    ("owner", workItem.LockOwner)).ConfigureAwait(false);

                // The result of a call made by an execution that has ended (finished, restarted,
                // purged, replaced) is of no use to anyone; it is dropped, even when the work
                // item went with its instance.
                if (deleted == 0 && current)
                {
                    throw new LeaseLostException(
                        $"The lease on activity '{workItem.Name}' (#{workItem.TaskId}) of instance '{workItem.InstanceId}' was lost; its result was not recorded.");
                }

                if (current && shared)
                {
                    // Already due: the row's next_due stays as it is (it is no later than this message's).
                    await c.ExecuteAsync(
                        t,
                        $"INSERT INTO {S}.inbox(instance_id, event, due) VALUES (@id, @event, @due)",
                        ct,
                        ("id", workItem.InstanceId),
                        ("event", resultJson),
                        ("due", now.Ticks)).ConfigureAwait(false);
                }
                else if (current)
                {
                    await InsertMessageAsync(c, t, workItem.InstanceId, resultJson, now, ct).ConfigureAwait(false);
                }

                return (true, new Wake(Orchestrations: current));
            },
            cancellationToken);

    /// <inheritdoc />
    public Task AbandonActivityAsync(ActivityWorkItem workItem, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(workItem);
        return WriteAsync(
            async (c, t, ct) =>
            {
                var released = await c.ExecuteAsync(
                    t,
                    $"UPDATE {S}.activities SET lock_owner = NULL, lock_expires = 0, delivery_count = GREATEST(delivery_count - 1, 0) WHERE id = @id AND lock_owner = @owner",
                    ct,
                    ("id", workItem.Id),
                    ("owner", workItem.LockOwner)).ConfigureAwait(false);
                return (true, new Wake(Activities: released > 0));
            },
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<ActivityWorkItem>> RenewActivityLeasesAsync(IReadOnlyList<ActivityWorkItem> workItems, TimeSpan lease, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(workItems);
        if (workItems.Count == 0)
        {
            return Task.FromResult<IReadOnlyList<ActivityWorkItem>>([]);
        }

        return InTransactionAsync<IReadOnlyList<ActivityWorkItem>>(
            async (c, t, ct) =>
            {
                var renewed = await c.ListAsync(
                    t,
                    $"""
                    UPDATE {S}.activities a SET lock_expires = @expires
                    FROM unnest(@ids::bigint[], @owners::text[]) AS r(id, owner)
                    WHERE a.id = r.id AND a.lock_owner = r.owner
                    RETURNING a.id
                    """,
                    r => r.GetInt64(0),
                    ct,
                    ("expires", (UtcNow + lease).Ticks),
                    ("ids", workItems.Select(w => w.Id).ToArray()),
                    ("owners", workItems.Select(w => w.LockOwner).ToArray())).ConfigureAwait(false);
                var kept = renewed.ToHashSet();
                return [.. workItems.Where(w => !kept.Contains(w.Id))];
            },
            cancellationToken);
    }

    private async Task DeleteLeasedActivityAsync(NpgsqlConnection c, NpgsqlTransaction t, ActivityWorkItem workItem, CancellationToken ct)
    {
        var deleted = await c.ExecuteAsync(
            t,
            $"DELETE FROM {S}.activities WHERE id = @id AND lock_owner = @owner",
            ct,
            ("id", workItem.Id),
            ("owner", workItem.LockOwner)).ConfigureAwait(false);
        if (deleted == 0)
        {
            throw new LeaseLostException(
                $"The lease on activity '{workItem.Name}' (#{workItem.TaskId}) of instance '{workItem.InstanceId}' was lost; its result was not recorded.");
        }
    }

    /// <summary>
    /// Leases calls nobody holds (all, or one instance's), skipping rows another host is
    /// locking this moment, so concurrent hosts each take different calls without waiting.
    /// The choice is a MATERIALIZED CTE so that it runs once (see LockNextOrchestrationsAsync).
    /// </summary>
    private async Task<List<ActivityWorkItem>> LockActivitiesAsync(NpgsqlConnection c, NpgsqlTransaction t, string owner, int maxItems, TimeSpan lease, DateTime now, string? instanceId, CancellationToken ct)
    {
        var filter = instanceId is null ? "lock_expires < @now ORDER BY lock_expires, id" : "instance_id = @instance AND lock_expires < @now ORDER BY id";
        var items = await c.ListAsync(
            t,
            $"""
            WITH free AS MATERIALIZED (SELECT id FROM {S}.activities WHERE {filter} LIMIT @max FOR UPDATE SKIP LOCKED)
            UPDATE {S}.activities a SET lock_owner = @owner, lock_expires = @expires, delivery_count = a.delivery_count + 1
            FROM free
            WHERE a.id = free.id
            RETURNING {ActivityColumns}
            """,
            r => new ActivityWorkItem(
                r.GetInt64(0),
                r.GetString(1),
                r.GetString(2),
                r.GetInt32(3),
                r.GetString(4),
                r.GetNullableString(5),
                r.GetInt32(6),
                r.GetInt32(7),
                r.GetNullableString(8),
                owner)
            {
                ScheduledAt = PostgresCommands.ToUtc(r.GetInt64(9)),
            },
            ct,
            ("owner", owner),
            ("expires", (now + lease).Ticks),
            ("now", now.Ticks),
            ("instance", instanceId),
            ("max", maxItems)).ConfigureAwait(false);
        items.Sort((a, b) => a.Id.CompareTo(b.Id));
        return items;
    }
}
