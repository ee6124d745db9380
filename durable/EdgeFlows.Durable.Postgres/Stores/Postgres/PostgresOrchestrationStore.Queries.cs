// Reading instances for clients, and purging finished ones.
using System.Globalization;
using System.Text;
using Npgsql;

namespace EdgeFlows.Durable.Stores.Postgres;

public sealed partial class PostgresOrchestrationStore
{
    private static readonly OrchestrationRuntimeStatus[] TerminalStatuses =
        [OrchestrationRuntimeStatus.Completed, OrchestrationRuntimeStatus.Failed, OrchestrationRuntimeStatus.Terminated];

    /// <inheritdoc />
    public Task<OrchestrationInstance?> GetInstanceAsync(string instanceId, bool includePayloads = true, CancellationToken cancellationToken = default) =>
        ReadAsync(
            async (c, ct) =>
            {
                var rows = await c.ListAsync(null, $"SELECT {Columns(includePayloads)} FROM {S}.instances WHERE instance_id = @id", ReadInstance, ct, ("id", instanceId)).ConfigureAwait(false);
                return rows.Count == 0 ? null : rows[0];
            },
            cancellationToken);

    /// <inheritdoc />
    public Task<InstancePage> QueryInstancesAsync(InstanceQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfLessThan(query.PageSize, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(query.PageSize, 1000);
        var (afterTicks, afterId) = ParseContinuation(query.ContinuationToken);
        var sql = new StringBuilder($"SELECT {Columns(query.IncludePayloads)} FROM {S}.instances WHERE true");
        var parameters = new List<(string, object?)>();
        if (query.Statuses is { Count: > 0 } statuses)
        {
            sql.Append(" AND status = ANY(@statuses)");
            parameters.Add(("statuses", statuses.Select(s => s.ToString()).ToArray()));
        }

        AddFilter(sql, parameters, query.Name, " AND name = @name", "name");
        AddFilter(sql, parameters, query.InstanceIdPrefix is null ? null : PostgresCommands.EscapeLike(query.InstanceIdPrefix) + "%", " AND instance_id LIKE @prefix", "prefix");
        AddFilter(sql, parameters, query.CreatedFrom?.Ticks(), " AND created_at >= @from", "from");
        AddFilter(sql, parameters, query.CreatedTo?.Ticks(), " AND created_at < @to", "to");
        if (afterId is not null)
        {
            sql.Append(" AND (created_at < @afterTicks OR (created_at = @afterTicks AND instance_id < @afterId))");
            parameters.Add(("afterTicks", afterTicks));
            parameters.Add(("afterId", afterId));
        }

        sql.Append(" ORDER BY created_at DESC, instance_id DESC LIMIT @limit");
        parameters.Add(("limit", query.PageSize + 1));
        return ReadAsync(
            async (c, ct) =>
            {
                var items = await c.ListAsync(null, sql.ToString(), ReadInstance, ct, [.. parameters]).ConfigureAwait(false);
                string? token = null;
                if (items.Count > query.PageSize)
                {
                    items.RemoveAt(items.Count - 1);
                    var last = items[^1];
                    token = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{last.CreatedAt.Ticks}|{last.InstanceId}"));
                }

                return new InstancePage(items, token);
            },
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<bool> PurgeInstanceAsync(string instanceId, CancellationToken cancellationToken = default) =>
        WriteAsync(
            async (c, t, ct) =>
            {
                if (await LockStatusAsync(c, t, instanceId, ct).ConfigureAwait(false) is not { } instance)
                {
                    return (false, default(Wake));
                }

                if (!instance.Status.IsTerminal())
                {
                    throw new InvalidOperationException($"The instance '{instanceId}' is {instance.Status}; only finished instances can be purged. Terminate it first.");
                }

                await DeleteInstancesAsync(c, t, [instanceId], ct).ConfigureAwait(false);
                return (true, default(Wake));
            },
            cancellationToken);

    /// <inheritdoc />
    public Task<int> PurgeInstancesBatchAsync(PurgeFilter filter, int batchSize, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        var statuses = (filter.Statuses is { Count: > 0 } given ? given : TerminalStatuses).ToList();
        if (statuses.Any(s => !s.IsTerminal()))
        {
            throw new ArgumentException("A purge takes only finished statuses (Completed, Failed, Terminated).", nameof(filter));
        }

        var sql = new StringBuilder($"SELECT instance_id FROM {S}.instances WHERE status = ANY(@statuses)");
        var parameters = new List<(string, object?)> { ("statuses", statuses.Select(s => s.ToString()).ToArray()) };
        AddFilter(sql, parameters, filter.CreatedFrom?.Ticks(), " AND created_at >= @from", "from");
        AddFilter(sql, parameters, filter.CreatedTo?.Ticks(), " AND created_at < @to", "to");

        // SKIP LOCKED: an instance another transaction holds right now (being replaced, say)
        // is left for the next batch rather than waited for.
        sql.Append(" ORDER BY instance_id LIMIT @limit FOR UPDATE SKIP LOCKED");
        parameters.Add(("limit", batchSize));
        return WriteAsync(
            async (c, t, ct) =>
            {
                var ids = await c.ListAsync(t, sql.ToString(), r => r.GetString(0), ct, [.. parameters]).ConfigureAwait(false);
                if (ids.Count > 0)
                {
                    await DeleteInstancesAsync(c, t, [.. ids], ct).ConfigureAwait(false);
                }

                return (ids.Count, default(Wake));
            },
            cancellationToken);
    }

    private static string Columns(bool includePayloads) => includePayloads ? StoreRows.InstanceColumnsWithPayloads : StoreRows.InstanceColumnsWithoutPayloads;

    private static OrchestrationInstance ReadInstance(NpgsqlDataReader reader) => StoreRows.ReadInstance(reader);

    private static void AddFilter(StringBuilder sql, List<(string, object?)> parameters, object? value, string clause, string name)
    {
        if (value is null)
        {
            return;
        }

        sql.Append(clause);
        parameters.Add((name, value));
    }

    private static (long Ticks, string? Id) ParseContinuation(string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return (0, null);
        }

        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(token));
            var bar = text.IndexOf('|', StringComparison.Ordinal);
            return (long.Parse(text.AsSpan(0, bar), CultureInfo.InvariantCulture), text[(bar + 1)..]);
        }
        catch (Exception ex) when (ex is FormatException or ArgumentOutOfRangeException or OverflowException)
        {
            throw new ArgumentException("The continuation token is not one this store issued.", nameof(token), ex);
        }
    }
}
