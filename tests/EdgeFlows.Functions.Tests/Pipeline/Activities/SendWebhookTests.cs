using EdgeFlows.Activities.Webhooks;
using EdgeFlows.Functions.Pipeline;
using EdgeFlows.Functions.Pipeline.Activities;
using EdgeFlows.Functions.Pipeline.Configuration;
using EdgeFlows.Functions.Pipeline.Steps;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeFlows.Functions.Tests.Pipeline.Activities;

public sealed class SendWebhookTests
{
    [Fact]
    public async Task RunAsync_ReceiverUp_DeliversASignedCloudEventWithTheStableId()
    {
        await using var inbox = await WebhookInbox.StartAsync();
        var activity = Activity(inbox.Url);
        var eventId = RetrainIds.EventId("run-1", "exec-1", RetrainEvents.Succeeded);

        var delivery = await activity.RunAsync(ActivityTestContext.Call(RetrainSteps.SendWebhook), Notification(eventId), CancellationToken.None);

        Assert.True(delivery.Delivered, delivery.Error);
        var received = Assert.Single(inbox.Received);
        Assert.True(received.SignatureValid);
        Assert.Equal((eventId, eventId, "io.edgeflows.retrain.succeeded"), (received.WebhookId, received.Id, received.Type));
        Assert.Equal(3, received.Data.GetProperty("version").GetInt32());
    }

    [Fact]
    public async Task RunAsync_ReceiverDown_ReturnsUndeliveredWithoutThrowing()
    {
        await using var inbox = await WebhookInbox.StartAsync();
        inbox.Status = 503;
        var activity = Activity(inbox.Url, maxAttempts: 2);

        var delivery = await activity.RunAsync(ActivityTestContext.Call(RetrainSteps.SendWebhook), Notification("evt_1"), CancellationToken.None);

        Assert.False(delivery.Delivered);
        Assert.Equal((503, 2), (delivery.StatusCode, delivery.Attempts));
        Assert.Equal(2, inbox.Received.Count);
    }

    [Fact]
    public async Task RunAsync_UnknownWebhook_IsRefused()
    {
        var activity = Activity(new Uri("http://127.0.0.1:9/events"));

        var refused = await Assert.ThrowsAsync<RetrainStepRefusedException>(() =>
            activity.RunAsync(ActivityTestContext.Call(RetrainSteps.SendWebhook), Notification("evt_1") with { Webhook = "nobody" }, CancellationToken.None));

        Assert.Equal("The webhook 'nobody' is not configured (EdgeFlows:Webhooks:Endpoints).", refused.Message);
    }

    private static SendWebhook Activity(Uri url, int maxAttempts = 1)
    {
        var context = new ActivityTestContext(o => o.Webhooks.Endpoints["ops"] = new WebhookOptions { Url = url, Secret = WebhookInbox.TestSecret, MaxAttempts = maxAttempts });
        var sender = new WebhookSender(new HttpClient(), new WebhookSenderOptions { FirstRetryDelay = TimeSpan.FromMilliseconds(10), MaxRetryDelay = TimeSpan.FromMilliseconds(10) });
        return new SendWebhook(context.Wrapped, sender, TimeProvider.System, context.Redactor, NullLogger<SendWebhook>.Instance);
    }

    private static WebhookNotification Notification(string eventId) =>
        new("ops", eventId, RetrainEvents.Succeeded, "iris", new RetrainEventData("run-1", "iris", "http", "iris", 3, true));
}
