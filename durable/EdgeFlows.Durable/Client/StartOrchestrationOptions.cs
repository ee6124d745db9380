using EdgeFlows.Durable.Stores;

namespace EdgeFlows.Durable.Client;

/// <summary>Options for starting an orchestration.</summary>
/// <param name="InstanceId">The instance id; a new GUID by default.</param>
/// <param name="StartAt">Delay the first turn until this time (UTC).</param>
/// <param name="ReusePolicy">What to do when <paramref name="InstanceId"/> exists (default: error).</param>
public sealed record StartOrchestrationOptions(
    string? InstanceId = null,
    DateTime? StartAt = null,
    OrchestrationIdReusePolicy ReusePolicy = OrchestrationIdReusePolicy.Error);
