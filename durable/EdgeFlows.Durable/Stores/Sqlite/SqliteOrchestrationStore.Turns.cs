// Leasing and committing orchestration turns.
using System.Text.Json;
using EdgeFlows.Durable.History;
using EdgeFlows.Durable.Serialization;
using Microsoft.Data.Sqlite;

namespace EdgeFlows.Durable.Stores.Sqlite;

public sealed partial class SqliteOrchestrationStore
{
    /// <inheritdoc />
    public Task<IReadOnlyList<OrchestrationWorkItem>> LockNextOrchestrationsAsync(string owner, int maxItems, TimeSpan lease, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(owner);
        return Writer.ExecuteAsync<IReadOnlyList<OrchestrationWorkItem>>((c, t) =>
        {
            var now = UtcNow;
            var ids = new List<string>();
            var select = c.Cached(
                t,
                "SELECT instance_id FROM instances WHERE next_due <= $now AND lock_expires < $now ORDER BY next_due LIMIT $max",
                ("$now", now.Ticks),
                ("$max", maxItems));
            using (var reader = select.ExecuteReader())
            {
                while (reader.Read())
                {
                    ids.Add(reader.GetString(0));
                }
            }

            var items = new List<OrchestrationWorkItem>(ids.Count);
            foreach (var id in ids)
            {
                // Free by the query above, in this same transaction.
                items.Add(LockInstance(c, t, id, owner, now, lease)!);
            }

            return items;
        },
        durable: false).WaitAsync(cancellationToken);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<ActivityWorkItem>> CompleteOrchestrationAsync(OrchestrationWorkItem workItem, OrchestrationTurn turn, WorkClaim? claimActivities = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(workItem);
        ArgumentNullException.ThrowIfNull(turn);
        // JSON is written here, on the caller's thread: the writer thread, which every write
        // in the process waits for, only runs SQL.
        var json = new SerializedTurn(
            turn.NewExecution is null ? [.. turn.NewHistory.Select(DataConverter.SerializeEvent)] : [],
            [.. (turn.Messages ?? []).Select(m => DataConverter.SerializeEvent(m.Event))],
            turn.NewExecution is null ? null : DataConverter.SerializeEvent(turn.NewExecution));
        var result = await Writer.ExecuteAsync<(IReadOnlyList<ActivityWorkItem> Claimed, bool WakeActivities, bool WakeOrchestrations)>(
            (c, t) =>
            {
                var now = UtcNow;
                var (activities, orchestrations) = CommitTurn(c, t, workItem, turn, json, now);
                List<ActivityWorkItem> claimed = claimActivities is null || activities == 0
                    ? []
                    : LockActivities(c, t, workItem.LockOwner, claimActivities.MaxItems, claimActivities.Lease, now, workItem.InstanceId);
                return (claimed, activities > claimed.Count, orchestrations);
            },
            outcome =>
            {
                if (outcome.WakeActivities)
                {
                    Signals.Activities.Set();
                }

                if (outcome.WakeOrchestrations)
                {
                    Signals.Orchestrations.Set();
                }
            }).WaitAsync(cancellationToken).ConfigureAwait(false);
        return result.Claimed;
    }

    /// <inheritdoc />
    public Task AbandonOrchestrationAsync(OrchestrationWorkItem workItem, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(workItem);
        return Writer.ExecuteAsync(
            (c, t) => c.Execute(
                t,
                "UPDATE instances SET lock_owner = NULL, lock_expires = 0, delivery_count = MAX(delivery_count - 1, 0) WHERE instance_id = $id AND lock_owner = $owner",
                ("$id", workItem.InstanceId),
                ("$owner", workItem.LockOwner)),
            _ => Signals.Orchestrations.Set(),
            durable: false).WaitAsync(cancellationToken);
    }

    /// <inheritdoc />
    public Task<OrchestrationWorkItem?> LockInstanceAsync(string instanceId, string owner, TimeSpan lease, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        ArgumentException.ThrowIfNullOrEmpty(owner);
        return Writer.ExecuteAsync(
            (c, t) =>
            {
                return LockInstance(c, t, instanceId, owner, UtcNow, lease);
            },
            durable: false).WaitAsync(cancellationToken);
    }

    // Rows per INSERT when appending history: one statement per chunk instead of one per
    // event (a turn typically appends three to five events).
    private const int HistoryRowsPerInsert = 8;

    private static readonly string[] AppendHistorySql = [.. Enumerable.Range(0, HistoryRowsPerInsert + 1).Select(rows =>
        "INSERT INTO history(instance_id, seq, event) VALUES " +
        string.Join(", ", Enumerable.Range(0, rows).Select(i => $"($id, $seq + {i}, $e{i})")))];

    private static readonly string[] EventParameterNames = [.. Enumerable.Range(0, HistoryRowsPerInsert).Select(i => $"$e{i}")];

    /// <summary>Appends events at <paramref name="seq"/>; returns the new history length.</summary>
    private static int AppendHistory(SqliteConnection c, SqliteTransaction t, string instanceId, int seq, string[] events)
    {
        for (var start = 0; start < events.Length; start += HistoryRowsPerInsert)
        {
            var rows = Math.Min(HistoryRowsPerInsert, events.Length - start);
            var parameters = new (string, object?)[rows + 2];
            parameters[0] = ("$id", instanceId);
            parameters[1] = ("$seq", seq + start);
            for (var i = 0; i < rows; i++)
            {
                parameters[i + 2] = (EventParameterNames[i], events[start + i]);
            }

            c.Cached(t, AppendHistorySql[rows], parameters).ExecuteNonQuery();
        }

        return seq + events.Length;
    }

    /// <summary>Locks the instance if no one holds it; null when it is missing or held.</summary>
    private OrchestrationWorkItem? LockInstance(SqliteConnection c, SqliteTransaction t, string instanceId, string owner, DateTime now, TimeSpan lease)
    {
        string executionId, name, status;
        int historyCount, deliveryCount;
        bool anyDue;
        var update = c.Cached(
            t,
            """
            UPDATE instances SET lock_owner = $owner, lock_expires = $expires, delivery_count = delivery_count + 1
            WHERE instance_id = $id AND lock_expires < $now
            RETURNING execution_id, name, status, history_count, delivery_count, next_due
            """,
            ("$owner", owner),
            ("$expires", (now + lease).Ticks),
            ("$id", instanceId),
            ("$now", now.Ticks));
        using (var reader = update.ExecuteReader())
        {
            if (!reader.Read())
            {
                return null;
            }

            (executionId, name, status, historyCount, deliveryCount) =
                (reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetInt32(3), reader.GetInt32(4));
            anyDue = !reader.IsDBNull(5) && reader.GetInt64(5) <= now.Ticks;
        }

        var messages = new List<InboxMessage>();
        if (!anyDue)
        {
            // Locked for a result delivered in memory, with nothing waiting in the inbox.
            return new OrchestrationWorkItem(instanceId, executionId, name, Enum.Parse<OrchestrationRuntimeStatus>(status), historyCount, deliveryCount, messages, owner);
        }

        var select = c.Cached(
            t,
            "SELECT id, event FROM inbox WHERE instance_id = $id AND due <= $now ORDER BY id LIMIT $max",
            ("$id", instanceId),
            ("$now", now.Ticks),
            ("$max", _options.MaxMessagesPerTurn));
        using (var reader = select.ExecuteReader())
        {
            while (reader.Read())
            {
                HistoryEvent message;
                try
                {
                    message = DataConverter.DeserializeEvent(reader.GetString(1));
                }
                catch (JsonException ex)
                {
                    // A damaged message must not wedge the instance: it is surfaced as an
                    // unreadable-message failure the dispatcher turns into a failed instance.
                    message = new ExecutionTerminated(now, $"An inbox message (#{reader.GetInt64(0)}) is unreadable: {ex.Message}");
                }

                messages.Add(new InboxMessage(reader.GetInt64(0), message));
            }
        }

        return new OrchestrationWorkItem(instanceId, executionId, name, Enum.Parse<OrchestrationRuntimeStatus>(status), historyCount, deliveryCount, messages, owner);
    }

    private static (int Activities, bool Orchestrations) CommitTurn(SqliteConnection c, SqliteTransaction t, OrchestrationWorkItem item, OrchestrationTurn turn, SerializedTurn json, DateTime now)
    {
        var id = item.InstanceId;
        // The lock is released by the final UPDATE below, with the new status.
        var owner = c.Scalar(t, "SELECT lock_owner FROM instances WHERE instance_id = $id", ("$id", id)) as string;
        if (owner != item.LockOwner)
        {
            throw new LeaseLostException($"The lease on instance '{id}' was lost; the turn was not committed and will run again.");
        }

        foreach (var activity in turn.CompletedActivities ?? [])
        {
            DeleteLeasedActivity(c, t, activity);
        }

        var deleteMessage = c.Cached(t, "DELETE FROM inbox WHERE id = $mid", ("$mid", 0L));
        foreach (var messageId in turn.ConsumedMessageIds)
        {
            deleteMessage.Parameters["$mid"].Value = messageId;
            deleteMessage.ExecuteNonQuery();
        }

        var historyCount = item.HistoryCount;
        if (turn.NewExecution is not null)
        {
            // The ending execution's history (this turn's included) goes: the new execution
            // replays from its own ExecutionStarted alone.
            c.Execute(t, "DELETE FROM history WHERE instance_id = $id", ("$id", id));
            historyCount = 0;
            DiscardEndedExecutionWork(c, t, id, now);
        }
        else
        {
            historyCount = AppendHistory(c, t, id, historyCount, json.History);
        }

        var executionId = turn.NewExecution?.ExecutionId ?? item.ExecutionId;
        var activities = turn.Activities ?? [];
        var insertActivity = c.Cached(
            t,
            """
            INSERT INTO activities(instance_id, execution_id, task_id, name, input, attempt, trace_parent, created_at)
            VALUES ($id, $execution, $task, $name, $input, $attempt, $trace, $now)
            """,
            ("$id", id), ("$execution", executionId), ("$task", 0), ("$name", string.Empty), ("$input", null), ("$attempt", 1), ("$trace", null), ("$now", now.Ticks));
        foreach (var activity in activities)
        {
            insertActivity.Parameters["$task"].Value = activity.TaskId;
            insertActivity.Parameters["$name"].Value = activity.Name;
            insertActivity.Parameters["$input"].Value = (object?)activity.Input ?? DBNull.Value;
            insertActivity.Parameters["$attempt"].Value = activity.Attempt;
            insertActivity.Parameters["$trace"].Value = (object?)activity.TraceParent ?? DBNull.Value;
            insertActivity.ExecuteNonQuery();
        }

        var wakeOrchestrations = false;
        foreach (var sub in turn.SubOrchestrations ?? [])
        {
            try
            {
                InsertInstance(c, t, sub, OrchestrationIdReusePolicy.ReplaceIfFinished, now);
                wakeOrchestrations = true;
            }
            catch (OrchestrationAlreadyExistsException ex)
            {
                InsertMessage(c, t, id, new SubOrchestrationFailed(now, sub.Started.ParentTaskId ?? -1, TaskFailureDetails.FromException(ex)), now);
            }
        }

        if (turn.NewExecution is not null)
        {
            // Before the messages the turn carries over, so the new execution starts first.
            InsertMessage(c, t, id, json.NewExecution!, now);
            wakeOrchestrations = true;
        }

        var messages = turn.Messages ?? [];
        for (var i = 0; i < messages.Count; i++)
        {
            var message = messages[i];
            var due = message.DueAt ?? now;
            var deliver = message.InstanceId == id
                || (message.TargetExecutionId is { } execution
                    ? IsCurrentExecution(c, t, message.InstanceId, execution)
                    : IsActive(c, t, message.InstanceId));
            if (deliver)
            {
                InsertMessage(c, t, message.InstanceId, json.Messages[i], due);
                wakeOrchestrations |= due <= now;
            }
        }

        var terminal = turn.Status.IsTerminal();
        if (terminal)
        {
            // Timers not yet due and calls nobody runs yet have no one left to serve.
            c.Execute(t, "DELETE FROM inbox WHERE instance_id = $id", ("$id", id));
            c.Execute(t, "DELETE FROM activities WHERE instance_id = $id AND lock_expires < $now", ("$id", id), ("$now", now.Ticks));
        }

        var nextDue = c.Scalar(
            t,
            $"""
            UPDATE instances SET
                status = $status, execution_id = $execution, history_count = $count, last_updated_at = $now,
                output = $output, failure = $failure, delivery_count = 0, lock_owner = NULL, lock_expires = 0,
                completed_at = CASE WHEN $terminal THEN $now ELSE NULL END,
                {(turn.NewExecution is null ? string.Empty : "input = $input,")}
                {(turn.CustomStatusChanged ? "custom_status = $custom," : string.Empty)}
                next_due = (SELECT MIN(due) FROM inbox WHERE instance_id = $id)
            WHERE instance_id = $id
            RETURNING next_due
            """,
            ("$id", id),
            ("$status", turn.Status.ToString()),
            ("$execution", executionId),
            ("$count", historyCount),
            ("$now", now.Ticks),
            ("$output", turn.Output),
            ("$failure", turn.Failure is null ? null : JsonSerializer.Serialize(turn.Failure, DataConverter.HistoryOptions)),
            ("$terminal", terminal),
            ("$input", turn.NewExecution?.Input),
            ("$custom", turn.CustomStatus));

        // Messages that arrived while the instance was locked (a result of a parallel call,
        // say) found no taker: the dispatcher they woke skipped the locked instance and went
        // back to sleep. Released now, the instance is work to take without waiting for a
        // poll; a message not yet due changes when the dispatcher must look next.
        wakeOrchestrations |= nextDue is not null;
        return (activities.Count, wakeOrchestrations);
    }

    /// <summary>
    /// On continue-as-new: timers and task results still in the inbox answer the ended
    /// execution, whose task ids the next one reuses, so they are deleted; so are its calls
    /// no host has taken yet. Events and control messages stay for the next execution.
    /// </summary>
    private static void DiscardEndedExecutionWork(SqliteConnection c, SqliteTransaction t, string id, DateTime now)
    {
        c.Execute(
            t,
            $"""
            DELETE FROM inbox WHERE instance_id = $id AND json_extract(event, '$.type') IN (
                '{nameof(TimerFired)}', '{nameof(TaskCompleted)}', '{nameof(TaskFailed)}',
                '{nameof(SubOrchestrationCompleted)}', '{nameof(SubOrchestrationFailed)}')
            """,
            ("$id", id));
        c.Execute(t, "DELETE FROM activities WHERE instance_id = $id AND lock_expires < $now", ("$id", id), ("$now", now.Ticks));
    }

    private static bool IsActive(SqliteConnection c, SqliteTransaction t, string instanceId) =>
        c.Scalar(t, "SELECT status FROM instances WHERE instance_id = $id", ("$id", instanceId)) is string status
        && !Enum.Parse<OrchestrationRuntimeStatus>(status).IsTerminal();

    /// <summary>A turn's events as JSON: history, outgoing messages and the next execution's start.</summary>
    private sealed record SerializedTurn(string[] History, string[] Messages, string? NewExecution);
}
