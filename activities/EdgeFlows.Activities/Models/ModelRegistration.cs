namespace EdgeFlows.Activities.Models;

/// <summary>A new model version to register (<see cref="IModelRegistry.RegisterAsync"/>).</summary>
public sealed record ModelRegistration
{
    /// <summary>
    /// The model's name: lowercase letters and digits, separated by single '.', '_' or '-'
    /// (at most 128 characters), so it can name a container image repository too.
    /// </summary>
    public required string Name { get; init; }

    /// <summary>The run registering it; registering again under the same run id returns the same version.</summary>
    public required string RunId { get; init; }

    /// <summary>Where the model artifact lies, without credentials: a URI carrying a SAS signature is refused.</summary>
    public required string ArtifactUri { get; init; }

    /// <summary>The evaluation metrics (finite numbers), e.g. from the job's <c>metrics.json</c>.</summary>
    public IReadOnlyDictionary<string, double> Metrics { get; init; } = new Dictionary<string, double>();

    /// <summary>Free-form tags; versions can be listed by tag.</summary>
    public IReadOnlyDictionary<string, string> Tags { get; init; } = new Dictionary<string, string>();

    /// <summary>Where the version came from.</summary>
    public required ModelLineage Lineage { get; init; }
}
