// Registering versions and changing their stage or image: each one transaction under the
// model's advisory lock (PostgresModelRegistry.InTransactionAsync), idempotent like the SQLite
// registry's, since activities run at least once.
using System.Text.RegularExpressions;
using Npgsql;

namespace EdgeFlows.Activities.Models;

public sealed partial class PostgresModelRegistry
{
    /// <inheritdoc />
    public Task<ModelVersion> RegisterAsync(ModelRegistration registration, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(registration);
        registration.Validate();
        return InTransactionAsync(registration.Name, (c, t, ct) => RegisterAsync(c, t, registration, ct), cancellationToken);
    }

    /// <inheritdoc />
    public Task<ModelVersion> SetStageAsync(string name, int version, ModelStage stage, string reason, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        if (!Enum.IsDefined(stage))
        {
            throw new ArgumentException($"Unknown model stage {(int)stage}.", nameof(stage));
        }

        return InTransactionAsync(name, (c, t, ct) => SetStageAsync(c, t, name, version, stage, reason, ct), cancellationToken);
    }

    /// <inheritdoc />
    public Task<ModelVersion> SetImageAsync(string name, int version, string imageReference, string imageDigest, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(imageReference);
        if (imageDigest is null || !DigestPattern().IsMatch(imageDigest))
        {
            throw new ArgumentException($"The image digest '{imageDigest}' is not an OCI digest (algorithm:hex, e.g. sha256:…).", nameof(imageDigest));
        }

        return InTransactionAsync(name, (c, t, ct) => SetImageAsync(c, t, name, version, imageReference, imageDigest, ct), cancellationToken);
    }

    private async Task<ModelVersion> RegisterAsync(NpgsqlConnection c, NpgsqlTransaction t, ModelRegistration registration, CancellationToken ct)
    {
        var existing = await ReadOneAsync(c, t, "v.name = @name AND v.run_id = @run", ct, ("name", registration.Name), ("run", registration.RunId)).ConfigureAwait(false);
        if (existing is not null)
        {
            Logs.RegistrationRepeated(_logger, registration.RunId, existing.Name, existing.Version);
            return existing;
        }

        var next = Command(c, t, $"SELECT COALESCE(MAX(version), 0) + 1 FROM {_s}.ext_models_versions WHERE name = @name", ("name", registration.Name));
        int version;
        await using (next.ConfigureAwait(false))
        {
            version = (int)(await next.ExecuteScalarAsync(ct).ConfigureAwait(false))!;
        }

        var now = NowTicks;
        await ExecuteAsync(
            c,
            t,
            $"""
            INSERT INTO {_s}.ext_models_versions(name, version, run_id, stage, stage_reason, artifact_uri, metrics, tags, lineage, created_at, updated_at)
            VALUES (@name, @version, @run, @stage, NULL, @artifact, @metrics, @tags, @lineage, @now, @now)
            """,
            ct,
            ("name", registration.Name),
            ("version", version),
            ("run", registration.RunId),
            ("stage", nameof(ModelStage.Candidate)),
            ("artifact", registration.ArtifactUri),
            ("metrics", Json(registration.Metrics)),
            ("tags", Json(registration.Tags)),
            ("lineage", Json(registration.Lineage)),
            ("now", now)).ConfigureAwait(false);
        foreach (var (key, value) in registration.Tags)
        {
            await ExecuteAsync(
                c,
                t,
                $"INSERT INTO {_s}.ext_models_tags(name, version, key, value) VALUES (@name, @version, @key, @value)",
                ct,
                ("name", registration.Name),
                ("version", version),
                ("key", key),
                ("value", value)).ConfigureAwait(false);
        }

        var registered = (await ReadOneAsync(c, t, "v.name = @name AND v.version = @version", ct, ("name", registration.Name), ("version", version)).ConfigureAwait(false))!;
        Logs.VersionRegistered(_logger, registered.Name, registered.Version, registered.RunId);
        return registered;
    }

    private async Task<ModelVersion> SetStageAsync(NpgsqlConnection c, NpgsqlTransaction t, string name, int version, ModelStage stage, string reason, CancellationToken ct)
    {
        var current = await ReadOneAsync(c, t, "v.name = @name AND v.version = @version", ct, ("name", name), ("version", version)).ConfigureAwait(false)
            ?? throw new ModelVersionNotFoundException(name, version);
        if (current.Stage == stage)
        {
            return current;
        }

        var now = NowTicks;
        if (stage == ModelStage.Promoted)
        {
            // The old champion steps down before the new one steps up: the partial unique index
            // allows one Promoted version per model at any moment.
            var champion = await ReadOneAsync(c, t, "v.name = @name AND v.stage = 'Promoted'", ct, ("name", name)).ConfigureAwait(false);
            if (champion is not null)
            {
                await ExecuteAsync(
                    c,
                    t,
                    $"UPDATE {_s}.ext_models_versions SET stage = 'Archived', stage_reason = @reason, updated_at = @now WHERE name = @name AND version = @version",
                    ct,
                    ("reason", $"Superseded: version {version} was promoted."),
                    ("now", now),
                    ("name", name),
                    ("version", champion.Version)).ConfigureAwait(false);
                Logs.ChampionArchived(_logger, name, champion.Version, version);
            }
        }

        await ExecuteAsync(
            c,
            t,
            $"UPDATE {_s}.ext_models_versions SET stage = @stage, stage_reason = @reason, updated_at = @now WHERE name = @name AND version = @version",
            ct,
            ("stage", stage.ToString()),
            ("reason", reason),
            ("now", now),
            ("name", name),
            ("version", version)).ConfigureAwait(false);
        Logs.StageChanged(_logger, name, version, stage, reason);
        return (await ReadOneAsync(c, t, "v.name = @name AND v.version = @version", ct, ("name", name), ("version", version)).ConfigureAwait(false))!;
    }

    private async Task<ModelVersion> SetImageAsync(NpgsqlConnection c, NpgsqlTransaction t, string name, int version, string imageReference, string imageDigest, CancellationToken ct)
    {
        var current = await ReadOneAsync(c, t, "v.name = @name AND v.version = @version", ct, ("name", name), ("version", version)).ConfigureAwait(false)
            ?? throw new ModelVersionNotFoundException(name, version);
        if (current.ImageReference == imageReference && current.ImageDigest == imageDigest)
        {
            return current;
        }

        await ExecuteAsync(
            c,
            t,
            $"UPDATE {_s}.ext_models_versions SET image_reference = @reference, image_digest = @digest, updated_at = @now WHERE name = @name AND version = @version",
            ct,
            ("reference", imageReference),
            ("digest", imageDigest),
            ("now", NowTicks),
            ("name", name),
            ("version", version)).ConfigureAwait(false);
        Logs.ImageRecorded(_logger, name, version, imageReference, imageDigest);
        return (await ReadOneAsync(c, t, "v.name = @name AND v.version = @version", ct, ("name", name), ("version", version)).ConfigureAwait(false))!;
    }

    // The OCI image spec's digest grammar: algorithm ":" encoded.
    [GeneratedRegex("^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$", RegexOptions.CultureInvariant)]
    private static partial Regex DigestPattern();
}
