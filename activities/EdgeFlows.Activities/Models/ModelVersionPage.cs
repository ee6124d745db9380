namespace EdgeFlows.Activities.Models;

/// <summary>One page of a listing.</summary>
/// <param name="Versions">The versions, by model name, then newest first.</param>
/// <param name="ContinuationToken">Pass it back for the next page; null on the last page.</param>
public sealed record ModelVersionPage(IReadOnlyList<ModelVersion> Versions, string? ContinuationToken);
