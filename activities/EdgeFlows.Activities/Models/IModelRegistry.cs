namespace EdgeFlows.Activities.Models;

/// <summary>
/// A model registry: numbered versions of named models, each with its stage, metrics, tags,
/// artifact, image and lineage. Implementations are safe to share between threads and hosts.
/// </summary>
/// <remarks>
/// Activities run at least once, so every write is idempotent: registering the same run again
/// returns the version it already got, and setting a stage or image a version already has
/// changes nothing. Failures are <see cref="ModelRegistryException"/>s;
/// <see cref="ModelVersionNotFoundException"/> when a named version does not exist.
/// </remarks>
public interface IModelRegistry
{
    /// <summary>
    /// Registers a new version of <see cref="ModelRegistration.Name"/> as a
    /// <see cref="ModelStage.Candidate"/>. Versions are 1, 2, 3… per model name, assigned
    /// atomically even when several hosts register at once. Idempotent on
    /// <see cref="ModelRegistration.RunId"/>: if this run registered this model already (say the
    /// host crashed between the commit and the reply), that version is returned unchanged and
    /// no second one is created.
    /// </summary>
    Task<ModelVersion> RegisterAsync(ModelRegistration registration, CancellationToken cancellationToken = default);

    /// <summary>The version, or null when the model or the version does not exist.</summary>
    Task<ModelVersion?> GetAsync(string name, int version, CancellationToken cancellationToken = default);

    /// <summary>The champion: the model's one <see cref="ModelStage.Promoted"/> version, or null.</summary>
    Task<ModelVersion?> GetPromotedAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>
    /// One page of versions matching <paramref name="query"/>, ordered by model name, then
    /// newest version first. Pass the page's <see cref="ModelVersionPage.ContinuationToken"/>
    /// back (with the same filters) for the next page.
    /// </summary>
    Task<ModelVersionPage> ListAsync(ModelQuery query, CancellationToken cancellationToken = default);

    /// <summary>
    /// Moves a version to <paramref name="stage"/>, recording <paramref name="reason"/>.
    /// Promoting a version archives the previous champion in the same transaction, so a model
    /// never has two champions. A version already in <paramref name="stage"/> is returned
    /// unchanged (its first reason kept).
    /// </summary>
    /// <exception cref="ModelVersionNotFoundException">The version does not exist.</exception>
    Task<ModelVersion> SetStageAsync(string name, int version, ModelStage stage, string reason, CancellationToken cancellationToken = default);

    /// <summary>Records the container image built from a version: its reference (<c>registry/repo:tag</c>) and manifest digest.</summary>
    /// <exception cref="ModelVersionNotFoundException">The version does not exist.</exception>
    Task<ModelVersion> SetImageAsync(string name, int version, string imageReference, string imageDigest, CancellationToken cancellationToken = default);
}
