using System.Text.Json.Nodes;
using EdgeFlows.Durable;

namespace EdgeFlows.Cli.Runs;

/// <summary>One run as <c>list</c> shows it: the fields of the app's <c>GET /api/runs</c> items.</summary>
/// <param name="Id">The instance id.</param>
/// <param name="Dataset">The dataset (from the input).</param>
/// <param name="Trigger">What started it (from the input).</param>
/// <param name="Status">Its runtime status.</param>
/// <param name="CreatedTime">When it was started.</param>
/// <param name="LastUpdatedTime">When it last changed.</param>
/// <param name="CompletedTime">When it finished, if it has.</param>
/// <param name="CustomStatus">Its progress.</param>
/// <param name="Output">Its result, once completed.</param>
/// <param name="Error">Why it failed, if it did.</param>
public sealed record RunSummary(
    string Id,
    string? Dataset,
    string? Trigger,
    OrchestrationRuntimeStatus Status,
    DateTimeOffset CreatedTime,
    DateTimeOffset LastUpdatedTime,
    DateTimeOffset? CompletedTime,
    JsonNode? CustomStatus,
    JsonNode? Output,
    string? Error);

/// <summary>A page of runs; <paramref name="ContinuationToken"/> is null on the last.</summary>
public sealed record RunPage(IReadOnlyList<RunSummary> Items, string? ContinuationToken);

/// <summary>Which runs <c>list</c> shows.</summary>
/// <param name="Statuses">Only these; null for any.</param>
/// <param name="Dataset">Only runs of this dataset.</param>
public sealed record RunFilter(IReadOnlyCollection<OrchestrationRuntimeStatus>? Statuses, string? Dataset);
