// Registering versions and changing their stage or image. Each is one BEGIN IMMEDIATE
// transaction (Microsoft.Data.Sqlite's default BeginTransaction), so it reads and writes under
// the database's write lock, and each is idempotent, since activities run at least once.
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;

namespace EdgeFlows.Activities.Models;

public sealed partial class SqliteModelRegistry
{
    /// <inheritdoc />
    public Task<ModelVersion> RegisterAsync(ModelRegistration registration, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(registration);
        registration.Validate();
        return RunAsync(connection => Register(connection, registration), cancellationToken);
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

        return RunAsync(connection => SetStage(connection, name, version, stage, reason), cancellationToken);
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

        return RunAsync(connection => SetImage(connection, name, version, imageReference, imageDigest), cancellationToken);
    }

    private ModelVersion Register(SqliteConnection connection, ModelRegistration registration)
    {
        using var transaction = connection.BeginTransaction();
        var existing = SqliteModelVersionRows.ReadOne(connection, transaction, "v.name = $name AND v.run_id = $run", ("$name", registration.Name), ("$run", registration.RunId));
        if (existing is not null)
        {
            transaction.Commit();
            Logs.RegistrationRepeated(_logger, registration.RunId, existing.Name, existing.Version);
            return existing;
        }

        var version = Convert.ToInt32(connection.Scalar(
            transaction, "SELECT COALESCE(MAX(version), 0) + 1 FROM ext_models_versions WHERE name = $name", ("$name", registration.Name)), System.Globalization.CultureInfo.InvariantCulture);
        var now = NowTicks;
        connection.Execute(
            transaction,
            """
            INSERT INTO ext_models_versions(name, version, run_id, stage, stage_reason, artifact_uri, metrics, tags, lineage, created_at, updated_at)
            VALUES ($name, $version, $run, $stage, NULL, $artifact, $metrics, $tags, $lineage, $now, $now)
            """,
            ("$name", registration.Name),
            ("$version", version),
            ("$run", registration.RunId),
            ("$stage", nameof(ModelStage.Candidate)),
            ("$artifact", registration.ArtifactUri),
            ("$metrics", ModelVersionRows.ToJson(registration.Metrics)),
            ("$tags", ModelVersionRows.ToJson(registration.Tags)),
            ("$lineage", ModelVersionRows.ToJson(registration.Lineage)),
            ("$now", now));
        foreach (var (key, value) in registration.Tags)
        {
            connection.Execute(
                transaction,
                "INSERT INTO ext_models_tags(name, version, key, value) VALUES ($name, $version, $key, $value)",
                ("$name", registration.Name),
                ("$version", version),
                ("$key", key),
                ("$value", value));
        }

        var registered = SqliteModelVersionRows.ReadOne(connection, transaction, "v.name = $name AND v.version = $version", ("$name", registration.Name), ("$version", version))!;
        transaction.Commit();
        Logs.VersionRegistered(_logger, registered.Name, registered.Version, registered.RunId);
        return registered;
    }

    private ModelVersion SetStage(SqliteConnection connection, string name, int version, ModelStage stage, string reason)
    {
        using var transaction = connection.BeginTransaction();
        var current = SqliteModelVersionRows.ReadOne(connection, transaction, "v.name = $name AND v.version = $version", ("$name", name), ("$version", version))
            ?? throw new ModelVersionNotFoundException(name, version);
        if (current.Stage == stage)
        {
            transaction.Commit();
            return current;
        }

        var now = NowTicks;
        if (stage == ModelStage.Promoted)
        {
            // The old champion steps down in the same transaction, before the new one steps up:
            // the partial unique index allows one Promoted version per model at any moment.
            var champion = SqliteModelVersionRows.ReadOne(connection, transaction, "v.name = $name AND v.stage = 'Promoted'", ("$name", name));
            if (champion is not null)
            {
                connection.Execute(
                    transaction,
                    "UPDATE ext_models_versions SET stage = 'Archived', stage_reason = $reason, updated_at = $now WHERE name = $name AND version = $version",
                    ("$reason", $"Superseded: version {version} was promoted."),
                    ("$now", now),
                    ("$name", name),
                    ("$version", champion.Version));
                Logs.ChampionArchived(_logger, name, champion.Version, version);
            }
        }

        connection.Execute(
            transaction,
            "UPDATE ext_models_versions SET stage = $stage, stage_reason = $reason, updated_at = $now WHERE name = $name AND version = $version",
            ("$stage", stage.ToString()),
            ("$reason", reason),
            ("$now", now),
            ("$name", name),
            ("$version", version));
        var updated = SqliteModelVersionRows.ReadOne(connection, transaction, "v.name = $name AND v.version = $version", ("$name", name), ("$version", version))!;
        transaction.Commit();
        Logs.StageChanged(_logger, name, version, stage, reason);
        return updated;
    }

    private ModelVersion SetImage(SqliteConnection connection, string name, int version, string imageReference, string imageDigest)
    {
        using var transaction = connection.BeginTransaction();
        var current = SqliteModelVersionRows.ReadOne(connection, transaction, "v.name = $name AND v.version = $version", ("$name", name), ("$version", version))
            ?? throw new ModelVersionNotFoundException(name, version);
        if (current.ImageReference == imageReference && current.ImageDigest == imageDigest)
        {
            transaction.Commit();
            return current;
        }

        connection.Execute(
            transaction,
            "UPDATE ext_models_versions SET image_reference = $reference, image_digest = $digest, updated_at = $now WHERE name = $name AND version = $version",
            ("$reference", imageReference),
            ("$digest", imageDigest),
            ("$now", NowTicks),
            ("$name", name),
            ("$version", version));
        var updated = SqliteModelVersionRows.ReadOne(connection, transaction, "v.name = $name AND v.version = $version", ("$name", name), ("$version", version))!;
        transaction.Commit();
        Logs.ImageRecorded(_logger, name, version, imageReference, imageDigest);
        return updated;
    }

    // The OCI image spec's digest grammar: algorithm ":" encoded.
    [GeneratedRegex("^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$", RegexOptions.CultureInvariant)]
    private static partial Regex DigestPattern();
}
