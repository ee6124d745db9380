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

    /// <summary>Checks the registration; throws naming what is wrong.</summary>
    /// <exception cref="ArgumentException">An invalid name, a missing run id, artifact or dataset, an artifact URI with a SAS signature, a metric that is not a finite number, an empty tag key.</exception>
    public void Validate()
    {
        ModelNames.Validate(Name, nameof(Name));
        if (string.IsNullOrWhiteSpace(RunId))
        {
            throw new ArgumentException($"The registration of model '{Name}' has no RunId.", nameof(RunId));
        }

        if (string.IsNullOrWhiteSpace(ArtifactUri))
        {
            throw new ArgumentException($"The registration of model '{Name}' has no ArtifactUri.", nameof(ArtifactUri));
        }

        // A SAS signature is a credential and the registry keeps entries for ever: refuse it
        // rather than store it (and show it in every listing).
        if (Uri.TryCreate(ArtifactUri, UriKind.Absolute, out var artifact) &&
            (artifact.UserInfo.Length > 0 || artifact.Query.Contains("sig=", StringComparison.OrdinalIgnoreCase)))
        {
            throw new ArgumentException($"The ArtifactUri of model '{Name}' carries credentials (user info or a SAS signature); register the URI without them.", nameof(ArtifactUri));
        }

        ArgumentNullException.ThrowIfNull(Metrics);
        foreach (var (metric, value) in Metrics)
        {
            if (string.IsNullOrWhiteSpace(metric) || !double.IsFinite(value))
            {
                throw new ArgumentException($"The metric '{metric}' of model '{Name}' must have a name and a finite value, not {value}.", nameof(Metrics));
            }
        }

        ArgumentNullException.ThrowIfNull(Tags);
        foreach (var (key, value) in Tags)
        {
            if (string.IsNullOrWhiteSpace(key) || value is null)
            {
                throw new ArgumentException($"A tag of model '{Name}' has an empty key or a null value ('{key}').", nameof(Tags));
            }
        }

        if (Lineage is null || string.IsNullOrWhiteSpace(Lineage.Dataset))
        {
            throw new ArgumentException($"The registration of model '{Name}' has no Lineage.Dataset.", nameof(Lineage));
        }
    }
}
