using System.Text.Json.Nodes;
using EdgeFlows.Durable;

namespace EdgeFlows.Cli.Runs;

/// <summary>
/// A run (an orchestration instance) as <c>status</c> and <c>watch</c> show it: the fields of
/// Durable Functions' status JSON, payloads as parsed JSON, and the history when asked for.
/// </summary>
public sealed record RunStatus
{
    /// <summary>The instance id.</summary>
    public required string InstanceId { get; init; }

    /// <summary>The orchestrator's name.</summary>
    public required string Name { get; init; }

    /// <summary>Its runtime status.</summary>
    public required OrchestrationRuntimeStatus RuntimeStatus { get; init; }

    /// <summary>Its input.</summary>
    public JsonNode? Input { get; init; }

    /// <summary>Its custom status (a Retrain run's step, job phase and detail).</summary>
    public JsonNode? CustomStatus { get; init; }

    /// <summary>Its output once completed (a Retrain run's result).</summary>
    public JsonNode? Output { get; init; }

    /// <summary>Why it failed, when it did.</summary>
    public RunFailure? Failure { get; init; }

    /// <summary>When it was created.</summary>
    public required DateTimeOffset CreatedTime { get; init; }

    /// <summary>When it last changed.</summary>
    public required DateTimeOffset LastUpdatedTime { get; init; }

    /// <summary>Its history, when asked for; null otherwise.</summary>
    public IReadOnlyList<HistoryEntry>? History { get; init; }

    /// <summary>The dataset named by its input, if any.</summary>
    public string? Dataset => JsonFields.GetString(Input, "dataset");

    /// <summary>What started it (http, blob, schedule), from its input.</summary>
    public string? Trigger => JsonFields.GetString(Input, "trigger");
}
