// The schedule trigger's SkipIfUnchanged compares "the dataset's data now" with "the data the
// promoted model was trained on". With the retrain pipeline both sides must be the pipeline's
// fingerprint: the same blobs a run would train on (RetrainPlanner.LatestData), hashed the
// way runs record it in the model's lineage (DataFingerprint).
using EdgeFlows.Activities.Models;
using EdgeFlows.Activities.Storage;
using EdgeFlows.Functions.Pipeline.Configuration;
using EdgeFlows.Functions.Triggers.Timer;
using Microsoft.Extensions.Options;

namespace EdgeFlows.Functions.Pipeline;

/// <summary>The pipeline's data fingerprints of a dataset: now, and of its promoted model.</summary>
public sealed class RetrainDataFingerprints(IOptions<RetrainPipelineOptions> options, RetrainStorage storage, IModelRegistry registry)
    : IDatasetFingerprintSource, IPromotedFingerprintSource
{
    /// <inheritdoc />
    /// <remarks>Null when the dataset has no configured container or no data.</remarks>
    public async Task<string?> GetFingerprintAsync(string dataset, CancellationToken cancellationToken = default)
    {
        var planner = new RetrainPlanner(options.Value);
        string container, prefix;
        try
        {
            (container, prefix) = planner.Locate(new RetrainRequest { Dataset = dataset });
        }
        catch (RetrainStepRefusedException)
        {
            return null; // no container configured: the fingerprint cannot be told
        }

        var listed = new List<SnapshotBlobListing>();
        await foreach (var blob in storage.Client.ListBlobsAsync(container, new BlobListOptions { Prefix = prefix }, cancellationToken))
        {
            listed.Add(new SnapshotBlobListing(blob.Name, blob.Properties.ETag.ToString().Trim('"'), blob.Properties.ContentLength));
        }

        var data = RetrainPlanner.LatestData(prefix, listed).ToList();
        return data.Count == 0 ? null : DataFingerprint.Compute(data.Select(b => (b.Name, b.ETag)));
    }

    /// <inheritdoc />
    public async Task<string?> GetPromotedFingerprintAsync(string dataset, CancellationToken cancellationToken = default)
    {
        var model = new RetrainPlanner(options.Value).ModelNameOf(dataset);
        var promoted = await registry.GetPromotedAsync(model, cancellationToken);
        return promoted is not null && promoted.Lineage.Dataset == dataset ? promoted.Lineage.DataFingerprint : null;
    }
}
