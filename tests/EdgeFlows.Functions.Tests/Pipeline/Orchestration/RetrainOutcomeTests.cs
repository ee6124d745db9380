using EdgeFlows.Functions.Pipeline;
using EdgeFlows.Functions.Pipeline.Steps;

namespace EdgeFlows.Functions.Tests.Pipeline.Orchestration;

/// <summary>What a run that trained ends with: the gate's decision, the image, the webhooks.</summary>
public sealed class RetrainOutcomeTests
{
    [Fact]
    public async Task Retrain_PromotedVersion_PushesItsImageAndSendsSucceeded()
    {
        var fake = new FakePipeline();
        await using var host = await RetrainTestHost.StartAsync(fake);

        var instance = await host.RunAsync();

        var result = RetrainTestHost.ResultOf(instance);
        Assert.Equal(("iris", 1, true), (result.ModelName, result.Version, result.Promoted));
        Assert.Equal(("registry.test/models/iris:1", "sha256:" + new string('a', 64)), (result.ImageReference, result.ImageDigest));
        var image = Assert.Single(fake.InputsOf<BuildImageInput>(RetrainSteps.BuildAndPushImage));
        Assert.Equal((1, "f1", 0.9), (image.Version, image.DataFingerprint, image.Metrics["accuracy"]));
        var sent = Assert.Single(fake.InputsOf<WebhookNotification>(RetrainSteps.SendWebhook));
        Assert.Equal((RetrainEvents.Succeeded, "iris", 1, "registry.test/models/iris:1"), (sent.Kind, sent.Subject, sent.Data.Version, sent.Data.ImageReference));
        Assert.True(Assert.Single(result.Webhooks).Delivered);
        Assert.Equal("Completed", RetrainTestHost.StatusOf(instance).Step);
    }

    [Fact]
    public async Task Retrain_RegistersWithLineage_PassesDatasetFingerprintTargetRecipeAndTrigger()
    {
        var fake = new FakePipeline();
        await using var host = await RetrainTestHost.StartAsync(fake);

        var instance = await host.RunAsync();

        var registered = Assert.Single(fake.InputsOf<RegisterModelInput>(RetrainSteps.RegisterModel));
        var plan = FakePipeline.DefaultPlan(registered.RunId);
        Assert.Equal(
            ("iris", "f1", "vm1", "default", "sha256:0123456789abcdef", "http", instance.InstanceId, plan.OutputPrefix),
            (registered.Dataset, registered.DataFingerprint, registered.Target, registered.Recipe, registered.CodeVersion, registered.Trigger, registered.InstanceId, registered.OutputPrefix));
        Assert.Equal(RetrainTestHost.ResultOf(instance).JobId, registered.RunId);
    }

    [Fact]
    public async Task Retrain_GateRejectsTheChallenger_CompletesWithoutAnImageAndSendsRejected()
    {
        var fake = new FakePipeline
        {
            Register = input => new RegisteredModel(input.ModelName, 4, false, "accuracy 0.80 is not better than the champion's 0.90 (version 3)", new Dictionary<string, double> { ["accuracy"] = 0.8 }, "blob://x"),
        };
        await using var host = await RetrainTestHost.StartAsync(fake);

        var result = RetrainTestHost.ResultOf(await host.RunAsync());

        Assert.False(result.Promoted);
        Assert.Equal(4, result.Version);
        Assert.Contains("not better than the champion", result.GateReason, StringComparison.Ordinal);
        Assert.Null(result.ImageReference);
        Assert.Equal(0, fake.CountOf(RetrainSteps.BuildAndPushImage));
        var sent = Assert.Single(fake.InputsOf<WebhookNotification>(RetrainSteps.SendWebhook));
        Assert.Equal((RetrainEvents.Rejected, false), (sent.Kind, sent.Data.Promoted));
    }

    [Fact]
    public async Task Retrain_WebhookStaysDown_CompletesAndRecordsTheUndeliveredEvent()
    {
        var fake = new FakePipeline
        {
            Plan = input => FakePipeline.DefaultPlan(input.JobId) with
            {
                Webhooks = [new WebhookSubscription("down", ["succeeded"]), new WebhookSubscription("ops", ["succeeded"])],
            },
            Webhook = n => n.Webhook == "down"
                ? new WebhookDeliveryRecord(n.Webhook, n.Kind, n.EventId, false, 503, 5, "503 Service Unavailable after 5 attempts")
                : new WebhookDeliveryRecord(n.Webhook, n.Kind, n.EventId, true, 200, 1, null),
        };
        await using var host = await RetrainTestHost.StartAsync(fake);

        var instance = await host.RunAsync();

        var result = RetrainTestHost.ResultOf(instance);
        Assert.Equal([("down", false), ("ops", true)], result.Webhooks.Select(w => (w.Webhook, w.Delivered)).Order());
        var status = RetrainTestHost.StatusOf(instance);
        Assert.Contains(status.Webhooks!, w => w is { Webhook: "down", Delivered: false, StatusCode: 503 });
    }

    [Fact]
    public async Task Retrain_WebhookActivityFails_CompletesAndRecordsTheError()
    {
        var fake = new FakePipeline { Webhook = _ => throw new RetrainStepException("The webhook 'ops' is not configured.") };
        await using var host = await RetrainTestHost.StartAsync(fake);

        var result = RetrainTestHost.ResultOf(await host.RunAsync());

        var delivery = Assert.Single(result.Webhooks);
        Assert.False(delivery.Delivered);
        Assert.Equal("The webhook 'ops' is not configured.", delivery.Error);
    }

    [Fact]
    public async Task Retrain_WebhookSubscribedToOtherKinds_IsNotCalled()
    {
        var fake = new FakePipeline
        {
            Plan = input => FakePipeline.DefaultPlan(input.JobId) with { Webhooks = [new WebhookSubscription("failures-only", ["failed"])] },
        };
        await using var host = await RetrainTestHost.StartAsync(fake);

        var result = RetrainTestHost.ResultOf(await host.RunAsync());

        Assert.Empty(result.Webhooks);
        Assert.Equal(0, fake.CountOf(RetrainSteps.SendWebhook));
    }
}
