using EdgeFlows.Activities.Models;
using EdgeFlows.Functions.Pipeline;
using EdgeFlows.Functions.Pipeline.Activities;
using EdgeFlows.Functions.Pipeline.Configuration;
using EdgeFlows.Functions.Pipeline.Steps;
using EdgeFlows.Functions.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeFlows.Functions.Tests.Pipeline.Activities;

public sealed class PlanRetrainTests
{
    [Fact]
    public async Task RunAsync_DatasetInAzurite_PlansItsBlobsWithTheirETags()
    {
        await using var container = await TestContainer.CreateAsync("plan");
        var a = await container.UploadAsync("training-data/iris/part-1.csv", "x,y\n1,0\n");
        var b = await container.UploadAsync("training-data/iris/part-2.csv", "x,y\n2,1\n");
        await container.UploadAsync("training-data/iris/_SUCCESS", string.Empty);
        await container.UploadAsync("training-data/other/part-1.csv");
        var context = new ActivityTestContext(o => o.Datasets["iris"] = new DatasetOptions { Container = container.Name });
        var activity = new PlanRetrain(context.Wrapped, context.Storage, context.Redactor, NullLogger<PlanRetrain>.Instance);

        var plan = await activity.RunAsync(ActivityTestContext.Call(RetrainSteps.Plan), new PlanRetrainInput(new RetrainRequest { Dataset = "iris" }, "job-1"), CancellationToken.None);

        Assert.Equal([("part-1.csv", a), ("part-2.csv", b)], plan.Inputs.Select(i => (i.Name, i.ETag)));
        Assert.Equal(DataFingerprint.Compute([("training-data/iris/part-1.csv", a), ("training-data/iris/part-2.csv", b)]), plan.DataFingerprint);
    }

    [Fact]
    public async Task RunAsync_ContainerMissing_IsRefusedWithoutRetry()
    {
        var context = new ActivityTestContext();
        var activity = new PlanRetrain(context.Wrapped, context.Storage, context.Redactor, NullLogger<PlanRetrain>.Instance);
        var request = new RetrainRequest { Dataset = "iris", Container = Azurite.NewContainerName("missing") };

        var refused = await Assert.ThrowsAsync<RetrainStepRefusedException>(() =>
            activity.RunAsync(ActivityTestContext.Call(RetrainSteps.Plan), new PlanRetrainInput(request, "job-1"), CancellationToken.None));

        Assert.Contains("ContainerNotFound", refused.Message, StringComparison.Ordinal);
        Assert.Null(refused.InnerException);
    }
}
