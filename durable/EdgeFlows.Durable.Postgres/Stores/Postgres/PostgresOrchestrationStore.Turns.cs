// Leasing and committing orchestration turns.
using System.Text.Json;
using EdgeFlows.Durable.History;
using EdgeFlows.Durable.Serialization;
using Npgsql;

namespace EdgeFlows.Durable.Stores.Postgres;

public sealed partial class PostgresOrchestrationStore
{
    private const string LockedColumns = "instance_id, execution_id, name, status, history_count, delivery_count, next_due";

    /// <inheritdoc />
    public Task<IReadOnlyList<OrchestrationWorkItem>> LockNextOrchestrationsAsync(string owner, int maxItems, TimeSpan lease, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(owner);
        return InTransactionAsync<IReadOnlyList<OrchestrationWorkItem>>(
            async (c, t, ct) =>
            {
                var now = UtcNow;

                // SKIP LOCKED: an instance another host is locking right now is left to it, and
                // this host takes the next due one instead of waiting. The choice is a
                // MATERIALIZED CTE: as a subquery in FROM, the planner may scan it more than once
                // (a nested loop), and each scan with SKIP LOCKED can pick other rows, so the
                // UPDATE took more than @max — more work than the dispatcher had slots for.
                var rows = await c.ListAsync(
                    t,
                    $"""
                    WITH due AS MATERIALIZED (
                        SELECT instance_id FROM {S}.instances WHERE next_due <= @now AND lock_expires < @now
                        ORDER BY next_due LIMIT @max FOR UPDATE SKIP LOCKED)
                    UPDATE {S}.instances i SET lock_owner = @owner, lock_expires = @expires, delivery_count = i.delivery_count + 1
                    FROM due
                    WHERE i.instance_id = due.instance_id
                    RETURNING i.instance_id, i.execution_id, i.name, i.status, i.history_count, i.delivery_count, i.next_due
                    """,
                    ReadLocked,
                    ct,
                    ("owner", owner),
                    ("expires", (now + lease).Ticks),
                    ("now", now.Ticks),
                    ("max", maxItems)).ConfigureAwait(false);
                var items = new List<OrchestrationWorkItem>(rows.Count);
                foreach (var row in rows.OrderBy(r => r.NextDue))
                {
                    items.Add(await ToWorkItemAsync(c, t, row, owner, now, ct).ConfigureAwait(false));
                }

                return items;
            },
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<OrchestrationWorkItem?> LockInstanceAsync(string instanceId, string owner, TimeSpan lease, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        ArgumentException.ThrowIfNullOrEmpty(owner);
        return InTransactionAsync(
            async (c, t, ct) =>
            {
                var now = UtcNow;
                var rows = await c.ListAsync(
                    t,
                    $"""
                    UPDATE {S}.instances SET lock_owner = @owner, lock_expires = @expires, delivery_count = delivery_count + 1
                    WHERE instance_id = @id AND lock_expires < @now
                    RETURNING {LockedColumns}
                    """,
                    ReadLocked,
                    ct,
                    ("owner", owner),
                    ("expires", (now + lease).Ticks),
                    ("id", instanceId),
                    ("now", now.Ticks)).ConfigureAwait(false);
                return rows.Count == 0 ? null : await ToWorkItemAsync(c, t, rows[0], owner, now, ct).ConfigureAwait(false);
            },
            cancellationToken);
    }

    /// <inheritdoc />
    public Task AbandonOrchestrationAsync(OrchestrationWorkItem workItem, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(workItem);
        return WriteAsync(
            async (c, t, ct) =>
            {
                var released = await c.ExecuteAsync(
                    t,
                    $"UPDATE {S}.instances SET lock_owner = NULL, lock_expires = 0, delivery_count = GREATEST(delivery_count - 1, 0) WHERE instance_id = @id AND lock_owner = @owner",
                    ct,
                    ("id", workItem.InstanceId),
                    ("owner", workItem.LockOwner)).ConfigureAwait(false);
                return (true, new Wake(Orchestrations: released > 0));
            },
            cancellationToken);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<ActivityWorkItem>> CompleteOrchestrationAsync(OrchestrationWorkItem workItem, OrchestrationTurn turn, WorkClaim? claimActivities = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(workItem);
        ArgumentNullException.ThrowIfNull(turn);
        var json = new SerializedTurn(
            turn.NewExecution is null ? [.. turn.NewHistory.Select(DataConverter.SerializeEvent)] : [],
            [.. (turn.Messages ?? []).Select(m => DataConverter.SerializeEvent(m.Event))],
            turn.NewExecution is null ? null : DataConverter.SerializeEvent(turn.NewExecution),
            [.. (turn.SubOrchestrations ?? []).Select(s => DataConverter.SerializeEvent(s.Started))]);
        return await WriteAsync(
            async (c, t, ct) =>
            {
                var now = UtcNow;
                var (activities, wakeOrchestrations) = await CommitTurnAsync(c, t, workItem, turn, json, now, ct).ConfigureAwait(false);
                List<ActivityWorkItem> claimed = claimActivities is null || activities == 0
                    ? []
                    : await LockActivitiesAsync(c, t, workItem.LockOwner, claimActivities.MaxItems, claimActivities.Lease, now, workItem.InstanceId, ct).ConfigureAwait(false);
                return ((IReadOnlyList<ActivityWorkItem>)claimed, new Wake(wakeOrchestrations, activities > claimed.Count));
            },
            cancellationToken).ConfigureAwait(false);
    }

    private async Task<(int Activities, bool WakeOrchestrations)> CommitTurnAsync(NpgsqlConnection c, NpgsqlTransaction t, OrchestrationWorkItem item, OrchestrationTurn turn, SerializedTurn json, DateTime now, CancellationToken ct)
    {
        var id = item.InstanceId;
        var messages = turn.Messages ?? [];

        // Every instance this turn writes to is locked up front, in id order, so two turns
        // messaging each other's instances queue up rather than deadlock.
        string[] touched = [.. messages.Select(m => m.InstanceId).Append(id).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
        await c.ExecuteAsync(t, $"SELECT 1 FROM {S}.instances WHERE instance_id = ANY(@ids) ORDER BY instance_id FOR UPDATE", ct, ("ids", touched)).ConfigureAwait(false);
        var self = await LockStatusAsync(c, t, id, ct).ConfigureAwait(false);
        if (self?.LockOwner != item.LockOwner)
        {
            throw new LeaseLostException($"The lease on instance '{id}' was lost; the turn was not committed and will run again.");
        }

        foreach (var activity in turn.CompletedActivities ?? [])
        {
            await DeleteLeasedActivityAsync(c, t, activity, ct).ConfigureAwait(false);
        }

        if (turn.ConsumedMessageIds.Count > 0)
        {
            await c.ExecuteAsync(t, $"DELETE FROM {S}.inbox WHERE id = ANY(@ids)", ct, ("ids", turn.ConsumedMessageIds.ToArray())).ConfigureAwait(false);
        }

        var historyCount = item.HistoryCount;
        if (turn.NewExecution is not null)
        {
            // The ending execution's history (this turn's included) goes: the new execution
            // replays from its own ExecutionStarted alone.
            await c.ExecuteAsync(t, $"DELETE FROM {S}.history WHERE instance_id = @id", ct, ("id", id)).ConfigureAwait(false);
            historyCount = 0;
            await DiscardEndedExecutionWorkAsync(c, t, id, now, ct).ConfigureAwait(false);
        }
        else if (json.History.Length > 0)
        {
            await c.ExecuteAsync(
                t,
                $"INSERT INTO {S}.history(instance_id, seq, event) SELECT @id, @seq + e.ord::integer - 1, e.event FROM unnest(@events::text[]) WITH ORDINALITY AS e(event, ord)",
                ct,
                ("id", id),
                ("seq", historyCount),
                ("events", json.History)).ConfigureAwait(false);
            historyCount += json.History.Length;
        }

        var executionId = turn.NewExecution?.ExecutionId ?? item.ExecutionId;
        var activities = turn.Activities ?? [];
        if (activities.Count > 0)
        {
            await c.ExecuteAsync(
                t,
                $"""
                INSERT INTO {S}.activities(instance_id, execution_id, task_id, name, input, attempt, trace_parent, created_at)
                SELECT @id, @execution, a.task_id, a.name, a.input, a.attempt, a.trace_parent, @now
                FROM unnest(@tasks::integer[], @names::text[], @inputs::text[], @attempts::integer[], @traces::text[]) WITH ORDINALITY
                    AS a(task_id, name, input, attempt, trace_parent, ord)
                ORDER BY a.ord
                """,
                ct,
                ("id", id),
                ("execution", executionId),
                ("now", now.Ticks),
                ("tasks", activities.Select(a => a.TaskId).ToArray()),
                ("names", activities.Select(a => a.Name).ToArray()),
                ("inputs", activities.Select(a => a.Input).ToArray()),
                ("attempts", activities.Select(a => a.Attempt).ToArray()),
                ("traces", activities.Select(a => a.TraceParent).ToArray())).ConfigureAwait(false);
        }

        var wakeOrchestrations = false;
        var subOrchestrations = turn.SubOrchestrations ?? [];
        for (var i = 0; i < subOrchestrations.Count; i++)
        {
            var sub = subOrchestrations[i];
            try
            {
                await InsertInstanceAsync(c, t, sub, json.SubOrchestrations[i], OrchestrationIdReusePolicy.ReplaceIfFinished, now, ct).ConfigureAwait(false);
                wakeOrchestrations = true;
            }
            catch (OrchestrationAlreadyExistsException ex)
            {
                var failed = new SubOrchestrationFailed(now, sub.Started.ParentTaskId ?? -1, TaskFailureDetails.FromException(ex));
                await InsertMessageAsync(c, t, id, DataConverter.SerializeEvent(failed), now, ct).ConfigureAwait(false);
            }
        }

        if (turn.NewExecution is not null)
        {
            // Before the messages the turn carries over, so the new execution starts first.
            await InsertMessageAsync(c, t, id, json.NewExecution!, now, ct).ConfigureAwait(false);
            wakeOrchestrations = true;
        }

        for (var i = 0; i < messages.Count; i++)
        {
            var message = messages[i];
            var due = message.DueAt ?? now;
            var deliver = message.InstanceId == id
                || (message.TargetExecutionId is { } execution
                    ? await IsCurrentExecutionAsync(c, t, message.InstanceId, execution, ct).ConfigureAwait(false)
                    : await IsActiveAsync(c, t, message.InstanceId, ct).ConfigureAwait(false));
            if (deliver)
            {
                await InsertMessageAsync(c, t, message.InstanceId, json.Messages[i], due, ct).ConfigureAwait(false);
                wakeOrchestrations |= due <= now;
            }
        }

        var terminal = turn.Status.IsTerminal();
        if (terminal)
        {
            // Timers not yet due and calls nobody runs yet have no one left to serve.
            await c.ExecuteAsync(
                t,
                $"DELETE FROM {S}.inbox WHERE instance_id = @id; DELETE FROM {S}.activities WHERE instance_id = @id AND lock_expires < @now",
                ct,
                ("id", id),
                ("now", now.Ticks)).ConfigureAwait(false);
        }

        var nextDue = await c.ScalarAsync(
            t,
            $"""
            UPDATE {S}.instances SET
                status = @status, execution_id = @execution, history_count = @count, last_updated_at = @now,
                output = @output, failure = @failure, delivery_count = 0, lock_owner = NULL, lock_expires = 0,
                completed_at = CASE WHEN @terminal THEN @now ELSE NULL END,
                {(turn.NewExecution is null ? string.Empty : "input = @input,")}
                {(turn.CustomStatusChanged ? "custom_status = @custom," : string.Empty)}
                next_due = (SELECT MIN(due) FROM {S}.inbox WHERE instance_id = @id)
            WHERE instance_id = @id
            RETURNING next_due
            """,
            ct,
            ("id", id),
            ("status", turn.Status.ToString()),
            ("execution", executionId),
            ("count", historyCount),
            ("now", now.Ticks),
            ("output", turn.Output),
            ("failure", turn.Failure is null ? null : JsonSerializer.Serialize(turn.Failure, DataConverter.PayloadOptions)),
            ("terminal", terminal),
            ("input", turn.NewExecution?.Input),
            ("custom", turn.CustomStatus)).ConfigureAwait(false);

        // Messages that arrived while the instance was locked (an activity result, say) found
        // no taker then: the dispatchers that looked skipped the locked instance, and they
        // sleep until a signal or their next poll. Released now, the instance is work to take.
        // Its earliest message may be stamped a moment after this turn's clock reading, and a
        // timer not yet due changes when the dispatchers must look next: so any waiting
        // message wakes them, and each then polls or sleeps until the next due time.
        wakeOrchestrations |= nextDue is not null;
        return (activities.Count, wakeOrchestrations);
    }

    /// <summary>
    /// On continue-as-new: timers and task results still in the inbox answer the ended
    /// execution, whose task ids the next one reuses, so they are deleted; so are its calls
    /// no host has taken yet. Events and control messages stay for the next execution.
    /// </summary>
    private Task<int> DiscardEndedExecutionWorkAsync(NpgsqlConnection c, NpgsqlTransaction t, string id, DateTime now, CancellationToken ct) =>
        c.ExecuteAsync(
            t,
            $"""
            DELETE FROM {S}.inbox WHERE instance_id = @id AND (event::jsonb ->> 'type') IN (
                '{nameof(TimerFired)}', '{nameof(TaskCompleted)}', '{nameof(TaskFailed)}',
                '{nameof(SubOrchestrationCompleted)}', '{nameof(SubOrchestrationFailed)}');
            DELETE FROM {S}.activities WHERE instance_id = @id AND lock_expires < @now;
            """,
            ct,
            ("id", id),
            ("now", now.Ticks));

    /// <summary>The work item for an instance just locked: its due messages, oldest first.</summary>
    private async Task<OrchestrationWorkItem> ToWorkItemAsync(NpgsqlConnection c, NpgsqlTransaction t, LockedRow row, string owner, DateTime now, CancellationToken ct)
    {
        var status = Enum.Parse<OrchestrationRuntimeStatus>(row.Status);
        if (row.NextDue is not { } due || due > now.Ticks)
        {
            // Locked for a result delivered in memory, with nothing waiting in the inbox.
            return new OrchestrationWorkItem(row.InstanceId, row.ExecutionId, row.Name, status, row.HistoryCount, row.DeliveryCount, [], owner);
        }

        var messages = await c.ListAsync(
            t,
            $"SELECT id, event FROM {S}.inbox WHERE instance_id = @id AND due <= @now ORDER BY id LIMIT @max",
            r =>
            {
                HistoryEvent message;
                try
                {
                    message = DataConverter.DeserializeEvent(r.GetString(1));
                }
                catch (JsonException ex)
                {
                    // A damaged message must not wedge the instance: it is surfaced as an
                    // unreadable-message failure the dispatcher turns into a failed instance.
                    message = new ExecutionTerminated(now, $"An inbox message (#{r.GetInt64(0)}) is unreadable: {ex.Message}");
                }

                return new InboxMessage(r.GetInt64(0), message);
            },
            ct,
            ("id", row.InstanceId),
            ("now", now.Ticks),
            ("max", _options.MaxMessagesPerTurn)).ConfigureAwait(false);
        return new OrchestrationWorkItem(row.InstanceId, row.ExecutionId, row.Name, status, row.HistoryCount, row.DeliveryCount, messages, owner);
    }

    private static LockedRow ReadLocked(NpgsqlDataReader r) =>
        new(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetInt32(4), r.GetInt32(5), r.IsDBNull(6) ? null : r.GetInt64(6));

    private sealed record LockedRow(string InstanceId, string ExecutionId, string Name, string Status, int HistoryCount, int DeliveryCount, long? NextDue);

    /// <summary>A turn's events as JSON, written before the transaction so it holds its locks briefly.</summary>
    private sealed record SerializedTurn(string[] History, string[] Messages, string? NewExecution, string[] SubOrchestrations);
}
