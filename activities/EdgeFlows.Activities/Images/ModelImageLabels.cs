using System.Globalization;
using System.Text.Json;

namespace EdgeFlows.Activities.Images;

/// <summary>
/// The labels a model image carries: the OCI annotation keys where one fits
/// (<c>org.opencontainers.image.title</c>, <c>.version</c>, <c>.revision</c>, <c>.created</c>)
/// and EdgeFlows keys for the rest (metrics, data fingerprint, run).
/// </summary>
public static class ModelImageLabels
{
    /// <summary>The model name.</summary>
    public const string Title = "org.opencontainers.image.title";

    /// <summary>The model version.</summary>
    public const string Version = "org.opencontainers.image.version";

    /// <summary>The training code's version (commit).</summary>
    public const string Revision = "org.opencontainers.image.revision";

    /// <summary>When the model was created (RFC 3339).</summary>
    public const string Created = "org.opencontainers.image.created";

    /// <summary>The model's metrics as a JSON object, keys sorted, e.g. <c>{"accuracy":0.98,"f1":0.97}</c>.</summary>
    public const string Metrics = "io.edgeflows.model.metrics";

    /// <summary>The fingerprint of the training data (hash of blob names and ETags).</summary>
    public const string DataFingerprint = "io.edgeflows.data.fingerprint";

    /// <summary>The dataset the model was trained on.</summary>
    public const string Dataset = "io.edgeflows.data.dataset";

    /// <summary>The orchestration instance (run) that trained the model.</summary>
    public const string RunId = "io.edgeflows.run.id";

    /// <summary>Builds the labels of a model image; null arguments are left out.</summary>
    public static Dictionary<string, string> Create(
        string modelName,
        string version,
        IReadOnlyDictionary<string, double>? metrics = null,
        string? dataFingerprint = null,
        string? dataset = null,
        string? runId = null,
        string? codeVersion = null,
        DateTimeOffset? created = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(modelName);
        ArgumentException.ThrowIfNullOrEmpty(version);
        var labels = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [Title] = modelName,
            [Version] = version,
        };
        if (metrics is { Count: > 0 })
        {
            if (metrics.Values.Any(v => !double.IsFinite(v)))
            {
                throw new ArgumentException("Model metrics must be finite numbers (JSON has no NaN or infinity).", nameof(metrics));
            }

            labels[Metrics] = JsonSerializer.Serialize(new SortedDictionary<string, double>(metrics.ToDictionary(), StringComparer.Ordinal));
        }

        Add(labels, DataFingerprint, dataFingerprint);
        Add(labels, Dataset, dataset);
        Add(labels, RunId, runId);
        Add(labels, Revision, codeVersion);
        Add(labels, Created, created?.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
        return labels;
    }

    private static void Add(Dictionary<string, string> labels, string key, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            labels[key] = value;
        }
    }
}
