// Lookups and keyset-paged listing (ModelListToken), as in the SQLite registry. Only the
// filters a query gives become SQL conditions, each with a typed parameter.
using System.Text;
using Npgsql;

namespace EdgeFlows.Activities.Models;

public sealed partial class PostgresModelRegistry
{
    /// <inheritdoc />
    public Task<ModelVersion?> GetAsync(string name, int version, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return InTransactionAsync(null, (c, t, ct) => ReadOneAsync(c, t, "v.name = @name AND v.version = @version", ct, ("name", name), ("version", version)), cancellationToken);
    }

    /// <inheritdoc />
    public Task<ModelVersion?> GetPromotedAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return InTransactionAsync(null, (c, t, ct) => ReadOneAsync(c, t, "v.name = @name AND v.stage = 'Promoted'", ct, ("name", name)), cancellationToken);
    }

    /// <inheritdoc />
    public Task<ModelVersionPage> ListAsync(ModelQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        query.Check();
        var after = query.ContinuationToken is null ? null : ModelListToken.Parse(query.ContinuationToken);
        return InTransactionAsync(null, (c, t, ct) => ListAsync(c, t, query, after, ct), cancellationToken);
    }

    private async Task<ModelVersionPage> ListAsync(NpgsqlConnection c, NpgsqlTransaction t, ModelQuery query, ModelListToken? after, CancellationToken ct)
    {
        var sql = new StringBuilder($"SELECT {ModelVersionRows.Columns} FROM {_s}.ext_models_versions v WHERE TRUE");
        var parameters = new List<(string, object?)>();
        if (query.Name is not null)
        {
            sql.Append(" AND v.name = @name");
            parameters.Add(("name", query.Name));
        }

        if (query.Stage is { } stage)
        {
            sql.Append(" AND v.stage = @stage");
            parameters.Add(("stage", stage.ToString()));
        }

        if (query.TagKey is not null)
        {
            sql.Append($" AND EXISTS (SELECT 1 FROM {_s}.ext_models_tags g WHERE g.name = v.name AND g.version = v.version AND g.key = @tagKey");
            parameters.Add(("tagKey", query.TagKey));
            if (query.TagValue is not null)
            {
                sql.Append(" AND g.value = @tagValue");
                parameters.Add(("tagValue", query.TagValue));
            }

            sql.Append(')');
        }

        if (after is not null)
        {
            sql.Append(" AND (v.name > @afterName OR (v.name = @afterName AND v.version < @afterVersion))");
            parameters.Add(("afterName", after.Name));
            parameters.Add(("afterVersion", after.Version));
        }

        // One row more than a page was asked for, to know whether another page follows.
        sql.Append(" ORDER BY v.name, v.version DESC LIMIT @limit");
        parameters.Add(("limit", query.PageSize + 1));
        var versions = await ReadAsync(c, t, sql.ToString(), ct, [.. parameters]).ConfigureAwait(false);
        if (versions.Count <= query.PageSize)
        {
            return new ModelVersionPage(versions, null);
        }

        versions.RemoveAt(versions.Count - 1);
        var last = versions[^1];
        return new ModelVersionPage(versions, new ModelListToken(last.Name, last.Version).Format());
    }
}
