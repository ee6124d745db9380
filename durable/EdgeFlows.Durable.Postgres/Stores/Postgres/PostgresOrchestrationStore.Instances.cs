// Creating instances, filling inboxes, and the row locks that serialize an instance's writes.
using EdgeFlows.Durable.History;
using Npgsql;

namespace EdgeFlows.Durable.Stores.Postgres;

public sealed partial class PostgresOrchestrationStore
{
    /// <summary>An instance row as a write sees it after locking it.</summary>
    private sealed record LockedInstance(OrchestrationRuntimeStatus Status, string ExecutionId, string? LockOwner, long? NextDue = null);

    /// <summary>
    /// Locks an instance's row for the rest of the transaction and reads it; null when missing.
    /// Every write to an instance's inbox or state takes this lock first, so writers of one
    /// instance queue up behind each other instead of missing each other's rows. With
    /// <paramref name="shared"/> the lock is FOR SHARE: for an activity result that only adds
    /// to the inbox of an instance already due, beside others doing the same.
    /// </summary>
    private async Task<LockedInstance?> LockStatusAsync(NpgsqlConnection c, NpgsqlTransaction t, string instanceId, CancellationToken ct, bool shared = false)
    {
        var rows = await c.ListAsync(
            t,
            $"SELECT status, execution_id, lock_owner, next_due FROM {S}.instances WHERE instance_id = @id {(shared ? "FOR SHARE" : "FOR UPDATE")}",
            r => new LockedInstance(Enum.Parse<OrchestrationRuntimeStatus>(r.GetString(0)), r.GetString(1), r.GetNullableString(2), r.IsDBNull(3) ? null : r.GetInt64(3)),
            ct,
            ("id", instanceId)).ConfigureAwait(false);
        return rows.Count == 0 ? null : rows[0];
    }

    private async Task<bool> InsertInstanceAsync(NpgsqlConnection c, NpgsqlTransaction t, NewOrchestration orchestration, string startJson, OrchestrationIdReusePolicy reusePolicy, DateTime now, CancellationToken ct)
    {
        var started = orchestration.Started;
        if (await LockStatusAsync(c, t, started.InstanceId, ct).ConfigureAwait(false) is { } existing)
        {
            switch (reusePolicy)
            {
                case OrchestrationIdReusePolicy.SkipIfExists:
                    return false;
                case OrchestrationIdReusePolicy.ReplaceIfFinished when existing.Status.IsTerminal():
                    await DeleteInstancesAsync(c, t, [started.InstanceId], ct).ConfigureAwait(false);
                    break;
                default:
                    throw new OrchestrationAlreadyExistsException(started.InstanceId, existing.Status);
            }
        }

        // A concurrent insert of the same id fails this one with a unique violation; the
        // transaction is then retried and finds the instance above.
        await c.ExecuteAsync(
            t,
            $"""
            INSERT INTO {S}.instances(instance_id, execution_id, name, status, input, parent_instance_id, created_at, last_updated_at)
            VALUES (@id, @execution, @name, 'Pending', @input, @parent, @now, @now)
            """,
            ct,
            ("id", started.InstanceId),
            ("execution", started.ExecutionId),
            ("name", started.Name),
            ("input", started.Input),
            ("parent", started.ParentInstanceId),
            ("now", now.Ticks)).ConfigureAwait(false);
        await InsertMessageAsync(c, t, started.InstanceId, startJson, orchestration.StartAt ?? now, ct).ConfigureAwait(false);
        return true;
    }

    /// <summary>Puts a serialized message in an inbox; the instance's row must be locked (or new) in this transaction.</summary>
    private async Task InsertMessageAsync(NpgsqlConnection c, NpgsqlTransaction t, string instanceId, string messageJson, DateTime due, CancellationToken ct)
    {
        // LEAST ignores NULL: an empty inbox's next_due becomes this message's due time.
        await c.ExecuteAsync(
            t,
            $"""
            INSERT INTO {S}.inbox(instance_id, event, due) VALUES (@id, @event, @due);
            UPDATE {S}.instances SET next_due = LEAST(next_due, @due) WHERE instance_id = @id;
            """,
            ct,
            ("id", instanceId),
            ("event", messageJson),
            ("due", due.Ticks)).ConfigureAwait(false);
    }

    private async Task DeleteInstancesAsync(NpgsqlConnection c, NpgsqlTransaction t, string[] instanceIds, CancellationToken ct)
    {
        await c.ExecuteAsync(
            t,
            $"""
            DELETE FROM {S}.history WHERE instance_id = ANY(@ids);
            DELETE FROM {S}.inbox WHERE instance_id = ANY(@ids);
            DELETE FROM {S}.activities WHERE instance_id = ANY(@ids);
            DELETE FROM {S}.instances WHERE instance_id = ANY(@ids);
            """,
            ct,
            ("ids", instanceIds)).ConfigureAwait(false);
    }

    /// <summary>Whether the instance runs <paramref name="executionId"/> and has not finished; locks its row.</summary>
    private async Task<bool> IsCurrentExecutionAsync(NpgsqlConnection c, NpgsqlTransaction t, string instanceId, string executionId, CancellationToken ct) =>
        await LockStatusAsync(c, t, instanceId, ct).ConfigureAwait(false) is { } instance
        && !instance.Status.IsTerminal()
        && instance.ExecutionId == executionId;

    /// <summary>Whether the instance exists and has not finished; locks its row.</summary>
    private async Task<bool> IsActiveAsync(NpgsqlConnection c, NpgsqlTransaction t, string instanceId, CancellationToken ct) =>
        await LockStatusAsync(c, t, instanceId, ct).ConfigureAwait(false) is { } instance
        && !instance.Status.IsTerminal();
}
