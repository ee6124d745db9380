using EdgeFlows.Activities.Training;
using EdgeFlows.Durable.History;
using EdgeFlows.Functions.Pipeline;
using EdgeFlows.Functions.Pipeline.Configuration;
using EdgeFlows.Functions.Pipeline.Steps;

namespace EdgeFlows.Functions.Tests.Pipeline.Orchestration;

/// <summary>Failures: retries per step, and the failure path (cancel the job, send the failure event, fail readably).</summary>
public sealed class RetrainFailureTests
{
    [Fact]
    public async Task Retrain_StartFailsTransiently_RetriesPerTheStepsPolicyAndCompletes()
    {
        var attempts = 0;
        var fake = new FakePipeline
        {
            Start = input => ++attempts < 3 ? throw new RetrainStepException("ssh: Connection reset by peer") : new TrainingJobState(input.JobId, TrainingJobPhase.Running),
        };
        await using var host = await RetrainTestHost.StartAsync(fake);

        var instance = await host.RunAsync();

        RetrainTestHost.ResultOf(instance);
        var starts = (await host.HistoryAsync(instance.InstanceId)).OfType<TaskScheduled>().Where(t => t.Name == RetrainSteps.StartTraining).ToList();
        Assert.Equal([1, 2, 3], starts.Select(s => s.Attempt));
        Assert.Single(starts.Select(s => s.Input).Distinct());
    }

    [Fact]
    public async Task Retrain_StepRefused_IsNotRetried()
    {
        var fake = new FakePipeline { Register = _ => throw new RetrainStepRefusedException("The job wrote no metrics.json under models/iris/x/.") };
        await using var host = await RetrainTestHost.StartAsync(fake);

        var failure = RetrainTestHost.FailureOf(await host.RunAsync());

        Assert.Equal(1, fake.CountOf(RetrainSteps.RegisterModel));
        Assert.Contains("at RegisterModel (target vm1, job retrain-iris-", failure, StringComparison.Ordinal);
        Assert.EndsWith("failed: The job wrote no metrics.json under models/iris/x/.", failure, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Retrain_StartFailsForGood_CancelsTheJobSendsTheFailureEventAndFails()
    {
        var fake = new FakePipeline { Start = _ => throw new RetrainStepException("ssh: connect to host vm1 port 22: Connection refused") };
        await using var host = await RetrainTestHost.StartAsync(fake);

        var instance = await host.RunAsync();

        var failure = RetrainTestHost.FailureOf(instance);
        Assert.Contains("Retrain of dataset 'iris' at StartTraining (target vm1", failure, StringComparison.Ordinal);
        Assert.Contains("Connection refused", failure, StringComparison.Ordinal);
        Assert.Equal(3, fake.CountOf(RetrainSteps.StartTraining));
        Assert.Equal(1, fake.CountOf(RetrainSteps.CancelTraining)); // the start may have reached the target before failing
        var sent = Assert.Single(fake.InputsOf<WebhookNotification>(RetrainSteps.SendWebhook));
        Assert.Equal((RetrainEvents.Failed, RetrainSteps.StartTraining), (sent.Kind, sent.Data.FailedStep));
        Assert.Equal(failure, sent.Data.Error);
        var status = RetrainTestHost.StatusOf(instance);
        Assert.Equal(("Failed", failure), (status.Step, status.Detail));
        Assert.True(Assert.Single(status.Webhooks!).Delivered);
    }

    [Fact]
    public async Task Retrain_ImagePushRefused_RejectsTheVersionAndFailsSayingWhichVersion()
    {
        var fake = new FakePipeline { Image = _ => throw new RetrainStepRefusedException("The registry refused the credentials (401 Unauthorized) for models/iris.") };
        await using var host = await RetrainTestHost.StartAsync(fake);

        var failure = RetrainTestHost.FailureOf(await host.RunAsync());

        Assert.Contains("at BuildAndPushImage", failure, StringComparison.Ordinal);
        Assert.Contains("401 Unauthorized", failure, StringComparison.Ordinal);
        Assert.Equal(1, fake.CountOf(RetrainSteps.RegisterModel));
        Assert.Equal(0, fake.CountOf(RetrainSteps.CancelTraining));
        Assert.Contains("Version 1 is recorded as rejected; the champion before it stays promoted.", failure, StringComparison.Ordinal);
        var rejected = Assert.Single(fake.InputsOf<RejectModelInput>(RetrainSteps.RejectModel));
        Assert.Equal(("iris", 1), (rejected.ModelName, rejected.Version));
        Assert.StartsWith("image push failed: The registry refused the credentials (401 Unauthorized)", rejected.Reason, StringComparison.Ordinal);
        var sent = Assert.Single(fake.InputsOf<WebhookNotification>(RetrainSteps.SendWebhook));
        Assert.Equal((RetrainEvents.Failed, 1, false), (sent.Kind, sent.Data.Version, sent.Data.Promoted));
    }

    [Fact]
    public async Task Retrain_ImagePushed_TheGatesReasonGoesWithTheImageStep()
    {
        var fake = new FakePipeline();
        await using var host = await RetrainTestHost.StartAsync(fake);

        await host.RunAsync();

        Assert.Equal("first version", Assert.Single(fake.InputsOf<BuildImageInput>(RetrainSteps.BuildAndPushImage)).GateReason);
        Assert.Equal(0, fake.CountOf(RetrainSteps.RejectModel));
    }

    [Fact]
    public async Task Retrain_CancelFailsToo_FailureSaysSo()
    {
        var fake = new FakePipeline
        {
            Start = _ => throw new RetrainStepRefusedException("Host key verification failed for vm1."),
            Cancel = _ => throw new RetrainStepRefusedException("Host key verification failed for vm1."),
        };
        await using var host = await RetrainTestHost.StartAsync(fake);

        var failure = RetrainTestHost.FailureOf(await host.RunAsync());

        Assert.Contains("Host key verification failed for vm1. Cancelling the training job failed: Host key verification failed for vm1.", failure, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Retrain_PlanRefused_SendsTheFailureEventToConfiguredWebhooksAndFails()
    {
        var fake = new FakePipeline { Plan = _ => throw new RetrainStepRefusedException("The recipe 'gpu' is not configured (EdgeFlows:Recipes).") };
        await using var host = await RetrainTestHost.StartAsync(fake, o => o.Webhooks.Endpoints["ops"] = new WebhookOptions { Url = new Uri("http://127.0.0.1:1/"), Secret = "s3cr3t-value", EventTypes = ["failed"] });

        var failure = RetrainTestHost.FailureOf(await host.RunAsync(new RetrainRequest { Dataset = "iris", Recipe = "gpu" }));

        Assert.Equal("Retrain of dataset 'iris' at PlanRetrain failed: The recipe 'gpu' is not configured (EdgeFlows:Recipes).", failure);
        var sent = Assert.Single(fake.InputsOf<WebhookNotification>(RetrainSteps.SendWebhook));
        Assert.Equal(("ops", RetrainEvents.Failed, "iris"), (sent.Webhook, sent.Kind, sent.Subject));
        Assert.Equal(0, fake.CountOf(RetrainSteps.CheckCompute));
    }
}
