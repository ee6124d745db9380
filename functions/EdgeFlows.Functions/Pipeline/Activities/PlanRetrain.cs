using EdgeFlows.Activities.Storage;
using EdgeFlows.Durable;
using EdgeFlows.Functions.Pipeline.Configuration;
using EdgeFlows.Functions.Pipeline.Steps;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EdgeFlows.Functions.Pipeline.Activities;

/// <summary>
/// The plan step: resolves the request against the configuration and lists the dataset's
/// blobs (names and ETags only: the data itself is read by the job), giving the run's
/// <see cref="RetrainPlan"/>.
/// </summary>
public sealed class PlanRetrain(IOptions<RetrainPipelineOptions> options, RetrainStorage storage, SecretRedactor redactor, ILogger<PlanRetrain> logger)
    : RetrainActivity<PlanRetrainInput, RetrainPlan>(redactor, logger)
{
    /// <inheritdoc />
    protected override async Task<RetrainPlan> ExecuteAsync(TaskActivityContext context, PlanRetrainInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var planner = new RetrainPlanner(options.Value);
        var (container, prefix) = planner.Locate(input.Request);
        var listed = new List<SnapshotBlobListing>();
        await foreach (var blob in storage.Client.ListBlobsAsync(container, new BlobListOptions { Prefix = prefix }, cancellationToken))
        {
            listed.Add(new SnapshotBlobListing(blob.Name, blob.Properties.ETag.ToString().Trim('"'), blob.Properties.ContentLength));
        }

        return planner.Plan(input.Request, input.JobId, listed);
    }

    /// <inheritdoc />
    protected override bool IsRefusal(Exception exception) =>
        exception is BlobStorageException { Status: 404 } || base.IsRefusal(exception);
}
