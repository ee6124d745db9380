using EdgeFlows.Durable;
using EdgeFlows.Functions.Pipeline;
using EdgeFlows.Functions.Pipeline.Steps;

namespace EdgeFlows.Functions.Tests.Pipeline.Orchestration;

public sealed class FakePlanRetrain(FakePipeline fake) : TaskActivity<PlanRetrainInput, RetrainPlan>
{
    public override Task<RetrainPlan> RunAsync(TaskActivityContext context, PlanRetrainInput input, CancellationToken cancellationToken)
    {
        fake.Record(RetrainSteps.Plan, input);
        return Task.FromResult(fake.Plan(input));
    }
}

public sealed class FakeCheckCompute(FakePipeline fake) : TaskActivity<CheckComputeInput, TargetReport>
{
    public override Task<TargetReport> RunAsync(TaskActivityContext context, CheckComputeInput input, CancellationToken cancellationToken)
    {
        var check = fake.Record(RetrainSteps.CheckCompute, input, input.Target);
        return Task.FromResult(fake.Compute(input.Target, check));
    }
}

public sealed class FakeStartTraining(FakePipeline fake) : TaskActivity<StartTrainingInput, TrainingJobState>
{
    public override Task<TrainingJobState> RunAsync(TaskActivityContext context, StartTrainingInput input, CancellationToken cancellationToken)
    {
        fake.Record(RetrainSteps.StartTraining, input);
        return Task.FromResult(fake.Start(input));
    }
}

/// <summary>GetTrainingStatus and CancelTraining (the activity's name tells which).</summary>
public sealed class FakeJobActivity(FakePipeline fake) : TaskActivity<TrainingJobRef, TrainingJobState>
{
    public override Task<TrainingJobState> RunAsync(TaskActivityContext context, TrainingJobRef input, CancellationToken cancellationToken)
    {
        var count = fake.Record(context.Name, input, input.JobId);
        return Task.FromResult(context.Name == RetrainSteps.CancelTraining ? fake.Cancel(input) : fake.Status(input, count));
    }
}

public sealed class FakeRegisterModel(FakePipeline fake) : TaskActivity<RegisterModelInput, RegisteredModel>
{
    public override Task<RegisteredModel> RunAsync(TaskActivityContext context, RegisterModelInput input, CancellationToken cancellationToken)
    {
        fake.Record(RetrainSteps.RegisterModel, input);
        return Task.FromResult(fake.Register(input));
    }
}

public sealed class FakeBuildAndPushImage(FakePipeline fake) : TaskActivity<BuildImageInput, PushedImage>
{
    public override Task<PushedImage> RunAsync(TaskActivityContext context, BuildImageInput input, CancellationToken cancellationToken)
    {
        fake.Record(RetrainSteps.BuildAndPushImage, input);
        return Task.FromResult(fake.Image(input));
    }
}

public sealed class FakeRejectModel(FakePipeline fake) : TaskActivity<RejectModelInput, string>
{
    public override Task<string> RunAsync(TaskActivityContext context, RejectModelInput input, CancellationToken cancellationToken)
    {
        fake.Record(RetrainSteps.RejectModel, input);
        return Task.FromResult("Rejected");
    }
}

public sealed class FakeSendWebhook(FakePipeline fake) : TaskActivity<WebhookNotification, WebhookDeliveryRecord>
{
    public override Task<WebhookDeliveryRecord> RunAsync(TaskActivityContext context, WebhookNotification input, CancellationToken cancellationToken)
    {
        fake.Record(RetrainSteps.SendWebhook, input, input.Webhook);
        return Task.FromResult(fake.Webhook(input));
    }
}
