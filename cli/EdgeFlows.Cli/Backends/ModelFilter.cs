using EdgeFlows.Activities.Models;

namespace EdgeFlows.Cli.Backends;

/// <summary>Which model versions <c>models list</c> shows.</summary>
/// <param name="Name">Only this model.</param>
/// <param name="Stage">Only this stage.</param>
/// <param name="TagKey">Only versions with this tag.</param>
/// <param name="TagValue">…with this value (needs <paramref name="TagKey"/>).</param>
public sealed record ModelFilter(string? Name, ModelStage? Stage, string? TagKey, string? TagValue);
