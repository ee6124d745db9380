using EdgeFlows.Durable.Hosting;
using EdgeFlows.Samples.Demo.Activities;

namespace EdgeFlows.Samples.Demo.Orchestrations;

/// <summary>Registers the RetrainPreview orchestration and its activities with the runtime.</summary>
public static class RetrainPreviewRegistration
{
    /// <summary>Adds <see cref="RetrainPreview"/>, <see cref="CheckCompute"/>, <see cref="ProfileDataset"/>, <see cref="TrainModel"/> and <see cref="RegisterModel"/>.</summary>
    public static DurableRuntimeBuilder AddRetrainPreview(this DurableRuntimeBuilder runtime)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        return runtime
            .AddOrchestrator<RetrainPreview>()
            .AddActivity<CheckCompute>()
            .AddActivity<ProfileDataset>()
            .AddActivity<TrainModel>()
            .AddActivity<RegisterModel>();
    }
}
