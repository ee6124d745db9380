using EdgeFlows.Durable;

namespace EdgeFlows.Cli.Backends;

/// <summary>Which finished instances a bulk purge deletes.</summary>
/// <param name="CreatedFrom">Created at or after.</param>
/// <param name="CreatedTo">Created before (now when null).</param>
/// <param name="Statuses">Only these terminal statuses; null for Completed, Failed and Terminated.</param>
public sealed record PurgeRequest(DateTimeOffset CreatedFrom, DateTimeOffset? CreatedTo, IReadOnlyCollection<OrchestrationRuntimeStatus>? Statuses);
