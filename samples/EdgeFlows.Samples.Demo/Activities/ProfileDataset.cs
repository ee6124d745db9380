using EdgeFlows.Durable;
using EdgeFlows.Samples.Demo.Training;

namespace EdgeFlows.Samples.Demo.Activities;

/// <summary>What the data set holds, and its fingerprint for lineage.</summary>
/// <param name="Path">The file profiled.</param>
/// <param name="SizeBytes">Its size.</param>
/// <param name="Sha256">Lower-case hex SHA-256 of its bytes.</param>
/// <param name="Rows">Samples.</param>
/// <param name="Features">Feature columns.</param>
/// <param name="Positives">Rows labelled 1 (malignant).</param>
/// <param name="Negatives">Rows labelled 0 (benign).</param>
public sealed record DatasetProfile(string Path, long SizeBytes, string Sha256, int Rows, int Features, int Positives, int Negatives);

/// <summary>
/// Reads the data set where it lies and returns its shape, class balance and SHA-256.
/// Takes a path, never the data: payloads travel through the orchestration's history.
/// </summary>
public sealed class ProfileDataset : TaskActivity<string, DatasetProfile>
{
    /// <inheritdoc />
    public override async Task<DatasetProfile> RunAsync(TaskActivityContext context, string input, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(input);
        var data = await LabeledDataset.LoadAsync(input, cancellationToken);
        var positives = data.Labels.Count(l => l == 1);
        return new DatasetProfile(
            Path.GetFullPath(input), data.SizeBytes, data.Sha256, data.Count, data.FeatureNames.Count, positives, data.Count - positives);
    }
}
