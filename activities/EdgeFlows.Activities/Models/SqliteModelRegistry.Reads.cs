// Lookups and paged listing. Pages are keyset-paged on (name, version descending): the token
// is the last row's key, so a page never repeats or skips a version when others are added.
using Microsoft.Data.Sqlite;

namespace EdgeFlows.Activities.Models;

public sealed partial class SqliteModelRegistry
{
    /// <inheritdoc />
    public Task<ModelVersion?> GetAsync(string name, int version, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return RunAsync(
            connection => SqliteModelVersionRows.ReadOne(connection, null, "v.name = $name AND v.version = $version", ("$name", name), ("$version", version)),
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<ModelVersion?> GetPromotedAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return RunAsync(
            connection => SqliteModelVersionRows.ReadOne(connection, null, "v.name = $name AND v.stage = 'Promoted'", ("$name", name)),
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<ModelVersionPage> ListAsync(ModelQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        query.Check();
        var after = query.ContinuationToken is null ? null : ModelListToken.Parse(query.ContinuationToken);
        return RunAsync(connection => List(connection, query, after), cancellationToken);
    }

    private static ModelVersionPage List(SqliteConnection connection, ModelQuery query, ModelListToken? after)
    {
        using var command = connection.Command(
            null,
            $"""
            SELECT {ModelVersionRows.Columns} FROM ext_models_versions v
            WHERE ($name IS NULL OR v.name = $name)
              AND ($stage IS NULL OR v.stage = $stage)
              AND ($tagKey IS NULL OR EXISTS (
                    SELECT 1 FROM ext_models_tags t
                    WHERE t.name = v.name AND t.version = v.version AND t.key = $tagKey AND ($tagValue IS NULL OR t.value = $tagValue)))
              AND ($afterName IS NULL OR v.name > $afterName OR (v.name = $afterName AND v.version < $afterVersion))
            ORDER BY v.name, v.version DESC
            LIMIT $limit
            """,
            ("$name", query.Name),
            ("$stage", query.Stage?.ToString()),
            ("$tagKey", query.TagKey),
            ("$tagValue", query.TagValue),
            ("$afterName", after?.Name),
            ("$afterVersion", after?.Version),
            ("$limit", query.PageSize + 1));
        using var reader = command.ExecuteReader();
        var versions = new List<ModelVersion>();
        while (reader.Read())
        {
            versions.Add(ModelVersionRows.Read(reader));
        }

        // One row more than a page was asked for, to know whether another page follows.
        if (versions.Count <= query.PageSize)
        {
            return new ModelVersionPage(versions, null);
        }

        versions.RemoveAt(versions.Count - 1);
        var last = versions[^1];
        return new ModelVersionPage(versions, new ModelListToken(last.Name, last.Version).Format());
    }
}
