// Reading instances for clients, and purging finished ones.
using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;

namespace EdgeFlows.Durable.Stores.Sqlite;

public sealed partial class SqliteOrchestrationStore
{
    /// <inheritdoc />
    public Task<OrchestrationInstance?> GetInstanceAsync(string instanceId, bool includePayloads = true, CancellationToken cancellationToken = default) =>
        ReadAsync(
            (c, t) =>
            {
                using var command = c.Command(
                    t,
                    $"SELECT {Columns(includePayloads)} FROM instances WHERE instance_id = $id",
                    ("$id", instanceId));
                using var reader = command.ExecuteReader();
                return reader.Read() ? ReadInstance(reader) : null;
            },
            cancellationToken);

    /// <inheritdoc />
    public Task<InstancePage> QueryInstancesAsync(InstanceQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfLessThan(query.PageSize, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(query.PageSize, 1000);
        var (afterTicks, afterId) = ParseContinuation(query.ContinuationToken);
        return ReadAsync(
            (c, t) =>
            {
                var sql = new StringBuilder($"SELECT {Columns(query.IncludePayloads)} FROM instances WHERE 1 = 1");
                var parameters = new List<(string, object?)>();
                if (query.Statuses is { Count: > 0 } statuses)
                {
                    var names = statuses.Select((s, i) => ($"$s{i}", (object?)s.ToString())).ToList();
                    sql.Append(CultureInfo.InvariantCulture, $" AND status IN ({string.Join(", ", names.Select(n => n.Item1))})");
                    parameters.AddRange(names);
                }

                AddFilter(sql, parameters, query.Name, " AND name = $name", "$name");
                AddFilter(sql, parameters, query.InstanceIdPrefix is null ? null : EscapeLike(query.InstanceIdPrefix) + "%", " AND instance_id LIKE $prefix ESCAPE '\\'", "$prefix");
                AddFilter(sql, parameters, query.CreatedFrom?.Ticks(), " AND created_at >= $from", "$from");
                AddFilter(sql, parameters, query.CreatedTo?.Ticks(), " AND created_at < $to", "$to");
                if (afterId is not null)
                {
                    sql.Append(" AND (created_at < $afterTicks OR (created_at = $afterTicks AND instance_id < $afterId))");
                    parameters.Add(("$afterTicks", afterTicks));
                    parameters.Add(("$afterId", afterId));
                }

                sql.Append(" ORDER BY created_at DESC, instance_id DESC LIMIT $limit");
                parameters.Add(("$limit", query.PageSize + 1));
                using var command = c.Command(t, sql.ToString(), [.. parameters]);
                using var reader = command.ExecuteReader();
                var items = new List<OrchestrationInstance>();
                while (reader.Read())
                {
                    items.Add(ReadInstance(reader));
                }

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
        Writer.ExecuteAsync((c, t) =>
        {
            if (c.Scalar(t, "SELECT status FROM instances WHERE instance_id = $id", ("$id", instanceId)) is not string status)
            {
                return false;
            }

            var parsed = Enum.Parse<OrchestrationRuntimeStatus>(status);
            if (!parsed.IsTerminal())
            {
                throw new InvalidOperationException($"The instance '{instanceId}' is {parsed}; only finished instances can be purged. Terminate it first.");
            }

            DeleteInstance(c, t, instanceId);
            return true;
        }).WaitAsync(cancellationToken);

    /// <inheritdoc />
    public Task<int> PurgeInstancesBatchAsync(PurgeFilter filter, int batchSize, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        var statuses = (filter.Statuses is { Count: > 0 } given ? given : [OrchestrationRuntimeStatus.Completed, OrchestrationRuntimeStatus.Failed, OrchestrationRuntimeStatus.Terminated]).ToList();
        if (statuses.Any(s => !s.IsTerminal()))
        {
            throw new ArgumentException("A purge takes only finished statuses (Completed, Failed, Terminated).", nameof(filter));
        }

        return Writer.ExecuteAsync((c, t) =>
        {
            var sql = new StringBuilder("SELECT instance_id FROM instances WHERE status IN (");
            sql.Append(string.Join(", ", statuses.Select((_, i) => $"$s{i}"))).Append(')');
            var parameters = statuses.Select((s, i) => ($"$s{i}", (object?)s.ToString())).ToList();
            AddFilter(sql, parameters, filter.CreatedFrom?.Ticks(), " AND created_at >= $from", "$from");
            AddFilter(sql, parameters, filter.CreatedTo?.Ticks(), " AND created_at < $to", "$to");
            sql.Append(" LIMIT $limit");
            parameters.Add(("$limit", batchSize));
            var ids = new List<string>();
            using (var command = c.Command(t, sql.ToString(), [.. parameters]))
            using (var reader = command.ExecuteReader())
            {
                while (reader.Read())
                {
                    ids.Add(reader.GetString(0));
                }
            }

            foreach (var id in ids)
            {
                DeleteInstance(c, t, id);
            }

            return ids.Count;
        }).WaitAsync(cancellationToken);
    }

    private static string Columns(bool includePayloads) => includePayloads ? StoreRows.InstanceColumnsWithPayloads : StoreRows.InstanceColumnsWithoutPayloads;

    private static OrchestrationInstance ReadInstance(SqliteDataReader reader) => StoreRows.ReadInstance(reader);

    private static void AddFilter(StringBuilder sql, List<(string, object?)> parameters, object? value, string clause, string name)
    {
        if (value is null)
        {
            return;
        }

        sql.Append(clause);
        parameters.Add((name, value));
    }

    private static string EscapeLike(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);

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
