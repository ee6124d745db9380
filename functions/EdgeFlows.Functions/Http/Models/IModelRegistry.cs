// A stand-in for the model registry's contract, which is written in parallel (issue 4's
// embedded registry). The endpoints need only these two reads; when the real IModelRegistry
// lands, the lead points ModelsApi at it and this file goes away.
namespace EdgeFlows.Functions.Http.Models;

/// <summary>Reads registered model versions.</summary>
public interface IModelRegistry
{
    /// <summary>One version of a model, or null when there is none.</summary>
    Task<ModelVersionInfo?> GetAsync(string name, string version, CancellationToken cancellationToken = default);

    /// <summary>One page of versions matching the query, newest first.</summary>
    Task<ModelPage> ListAsync(ModelQuery query, CancellationToken cancellationToken = default);
}

/// <summary>Filters and paging of <see cref="IModelRegistry.ListAsync"/>.</summary>
/// <param name="Name">Only this model.</param>
/// <param name="Stage">Only this stage (candidate, promoted, rejected).</param>
/// <param name="Tag">Only versions with this tag: <c>key</c> or <c>key=value</c>.</param>
/// <param name="PageSize">Versions per page.</param>
/// <param name="ContinuationToken">From the previous page; null for the first.</param>
public sealed record ModelQuery(string? Name = null, string? Stage = null, string? Tag = null, int PageSize = 25, string? ContinuationToken = null);

/// <summary>A page of model versions; <paramref name="ContinuationToken"/> is null on the last.</summary>
public sealed record ModelPage(IReadOnlyList<ModelVersionInfo> Items, string? ContinuationToken);

/// <summary>A registered model version.</summary>
/// <param name="Name">The model.</param>
/// <param name="Version">The version.</param>
/// <param name="Stage">candidate, promoted or rejected.</param>
/// <param name="CreatedTime">When it was registered.</param>
/// <param name="Tags">Its tags.</param>
/// <param name="Metrics">Its metrics (accuracy, f1, ...).</param>
/// <param name="ArtifactUri">Where the model file is.</param>
/// <param name="ImageReference">The container image built from it, if any (with its digest).</param>
/// <param name="Lineage">Dataset, data fingerprint, run id, target, recipe, code version, trigger.</param>
public sealed record ModelVersionInfo(
    string Name,
    string Version,
    string Stage,
    DateTimeOffset CreatedTime,
    IReadOnlyDictionary<string, string> Tags,
    IReadOnlyDictionary<string, double> Metrics,
    string? ArtifactUri,
    string? ImageReference,
    IReadOnlyDictionary<string, string> Lineage);
