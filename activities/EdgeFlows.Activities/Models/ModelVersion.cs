namespace EdgeFlows.Activities.Models;

/// <summary>A registered model version.</summary>
public sealed record ModelVersion
{
    /// <summary>The model's name.</summary>
    public required string Name { get; init; }

    /// <summary>The version number: 1, 2, 3… per model name.</summary>
    public required int Version { get; init; }

    /// <summary>The run that registered it.</summary>
    public required string RunId { get; init; }

    /// <summary>Where the version stands.</summary>
    public required ModelStage Stage { get; init; }

    /// <summary>Why it has its stage (the gate's decision, a promotion that superseded it), or null for a new candidate.</summary>
    public string? StageReason { get; init; }

    /// <summary>The tags it was registered with.</summary>
    public required IReadOnlyDictionary<string, string> Tags { get; init; }

    /// <summary>Its evaluation metrics.</summary>
    public required IReadOnlyDictionary<string, double> Metrics { get; init; }

    /// <summary>Where the model artifact lies.</summary>
    public required string ArtifactUri { get; init; }

    /// <summary>The container image built from it (<c>registry/repository:tag</c>), once pushed.</summary>
    public string? ImageReference { get; init; }

    /// <summary>The pushed image's manifest digest (<c>sha256:…</c>).</summary>
    public string? ImageDigest { get; init; }

    /// <summary>Where it came from.</summary>
    public required ModelLineage Lineage { get; init; }

    /// <summary>When it was registered (UTC).</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>When its stage or image last changed (UTC).</summary>
    public required DateTimeOffset UpdatedAt { get; init; }
}
