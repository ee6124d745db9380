// Leasing and committing activity calls.
using EdgeFlows.Durable.History;
using EdgeFlows.Durable.Serialization;
using Microsoft.Data.Sqlite;

namespace EdgeFlows.Durable.Stores.Sqlite;

public sealed partial class SqliteOrchestrationStore
{
    /// <inheritdoc />
    public Task<IReadOnlyList<ActivityWorkItem>> LockNextActivitiesAsync(string owner, int maxItems, TimeSpan lease, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(owner);
        return Writer.ExecuteAsync<IReadOnlyList<ActivityWorkItem>>((c, t) => LockActivities(c, t, owner, maxItems, lease, UtcNow, instanceId: null), durable: false).WaitAsync(cancellationToken);
    }

    /// <inheritdoc />
    public Task CompleteActivityAsync(ActivityWorkItem workItem, HistoryEvent result, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(workItem);
        ArgumentNullException.ThrowIfNull(result);
        var resultJson = DataConverter.SerializeEvent(result);
        return Writer.ExecuteAsync(
            (c, t) =>
            {
                var deleted = c.Execute(
                    t,
                    "DELETE FROM activities WHERE id = $id AND lock_owner = $owner",
                    ("$id", workItem.Id),
                    ("$owner", workItem.LockOwner));

                // The result of a call made by an execution that has ended (finished, restarted,
                // purged, replaced) is of no use to anyone; it is dropped, even when the work
                // item went with its instance.
                var current = IsCurrentExecution(c, t, workItem.InstanceId, workItem.ExecutionId);
                if (deleted == 0 && current)
                {
                    throw new LeaseLostException(
                        $"The lease on activity '{workItem.Name}' (#{workItem.TaskId}) of instance '{workItem.InstanceId}' was lost; its result was not recorded.");
                }

                if (current)
                {
                    InsertMessage(c, t, workItem.InstanceId, resultJson, UtcNow);
                }

                return current;
            },
            delivered =>
            {
                if (delivered)
                {
                    Signals.Orchestrations.Set();
                }
            }).WaitAsync(cancellationToken);
    }

    /// <inheritdoc />
    public Task AbandonActivityAsync(ActivityWorkItem workItem, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(workItem);
        return Writer.ExecuteAsync(
            (c, t) => c.Execute(
                t,
                "UPDATE activities SET lock_owner = NULL, lock_expires = 0, delivery_count = MAX(delivery_count - 1, 0) WHERE id = $id AND lock_owner = $owner",
                ("$id", workItem.Id),
                ("$owner", workItem.LockOwner)),
            _ => Signals.Activities.Set(),
            durable: false).WaitAsync(cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<ActivityWorkItem>> RenewActivityLeasesAsync(IReadOnlyList<ActivityWorkItem> workItems, TimeSpan lease, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(workItems);
        return Writer.ExecuteAsync<IReadOnlyList<ActivityWorkItem>>((c, t) =>
        {
            var expires = (UtcNow + lease).Ticks;
            var lost = new List<ActivityWorkItem>();
            foreach (var item in workItems)
            {
                var renewed = c.Execute(
                    t,
                    "UPDATE activities SET lock_expires = $expires WHERE id = $id AND lock_owner = $owner",
                    ("$expires", expires),
                    ("$id", item.Id),
                    ("$owner", item.LockOwner));
                if (renewed == 0)
                {
                    lost.Add(item);
                }
            }

            return lost;
        },
        durable: false).WaitAsync(cancellationToken);
    }

    private static void DeleteLeasedActivity(SqliteConnection c, SqliteTransaction t, ActivityWorkItem workItem)
    {
        var deleted = c.Execute(
            t,
            "DELETE FROM activities WHERE id = $id AND lock_owner = $owner",
            ("$id", workItem.Id),
            ("$owner", workItem.LockOwner));
        if (deleted == 0)
        {
            throw new LeaseLostException(
                $"The lease on activity '{workItem.Name}' (#{workItem.TaskId}) of instance '{workItem.InstanceId}' was lost; its result was not recorded.");
        }
    }

    private static List<ActivityWorkItem> LockActivities(SqliteConnection c, SqliteTransaction t, string owner, int maxItems, TimeSpan lease, DateTime now, string? instanceId)
    {
        // Two statements, not one with "instance_id = $instance OR $instance IS NULL": that
        // form cannot use the instance index and scans every waiting call for each claim.
        var command = instanceId is null
            ? c.Cached(
                t,
                """
                UPDATE activities SET lock_owner = $owner, lock_expires = $expires, delivery_count = delivery_count + 1
                WHERE id IN (SELECT id FROM activities WHERE lock_expires < $now ORDER BY lock_expires, id LIMIT $max)
                RETURNING id, instance_id, execution_id, task_id, name, input, attempt, delivery_count, trace_parent, created_at
                """,
                ("$owner", owner),
                ("$expires", (now + lease).Ticks),
                ("$now", now.Ticks),
                ("$max", maxItems))
            : c.Cached(
                t,
                """
                UPDATE activities SET lock_owner = $owner, lock_expires = $expires, delivery_count = delivery_count + 1
                WHERE id IN (SELECT id FROM activities WHERE instance_id = $instance AND lock_expires < $now ORDER BY id LIMIT $max)
                RETURNING id, instance_id, execution_id, task_id, name, input, attempt, delivery_count, trace_parent, created_at
                """,
                ("$owner", owner),
                ("$expires", (now + lease).Ticks),
                ("$now", now.Ticks),
                ("$instance", instanceId),
                ("$max", maxItems));
        var items = new List<ActivityWorkItem>();
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                items.Add(new ActivityWorkItem(
                    reader.GetInt64(0),
                    reader.GetString(1),
                    reader.GetString(2),
                    reader.GetInt32(3),
                    reader.GetString(4),
                    reader.GetNullableString(5),
                    reader.GetInt32(6),
                    reader.GetInt32(7),
                    reader.GetNullableString(8),
                    owner)
                {
                    ScheduledAt = SqliteCommands.ToUtc(reader.GetInt64(9)),
                });
            }
        }

        items.Sort((a, b) => a.Id.CompareTo(b.Id));
        return items;
    }

    private static bool IsCurrentExecution(SqliteConnection c, SqliteTransaction t, string instanceId, string executionId)
    {
        var command = c.Cached(t, "SELECT status, execution_id FROM instances WHERE instance_id = $id", ("$id", instanceId));
        using var reader = command.ExecuteReader();
        return reader.Read()
            && !Enum.Parse<OrchestrationRuntimeStatus>(reader.GetString(0)).IsTerminal()
            && reader.GetString(1) == executionId;
    }
}
