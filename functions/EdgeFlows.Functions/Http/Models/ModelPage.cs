using EdgeFlows.Activities.Models;

namespace EdgeFlows.Functions.Http.Models;

/// <summary>A page of model versions; pass <paramref name="ContinuationToken"/> back as <c>continuationToken</c> for the next (null on the last).</summary>
public sealed record ModelPage(IReadOnlyList<ModelVersion> Items, string? ContinuationToken);
