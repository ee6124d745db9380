// The Notify step: one SendWebhook activity per webhook subscribed to the event's kind, in
// parallel. A delivery that fails (the receiver stays down, or the activity fails after its
// retries) is recorded, never thrown: webhooks do not fail a run.
#pragma warning disable CA2007 // Orchestrator code resumes on the orchestration's own scheduler.
using EdgeFlows.Durable;
using EdgeFlows.Functions.Pipeline.Steps;

namespace EdgeFlows.Functions.Pipeline;

public sealed partial class Retrain
{
    private async Task<IReadOnlyList<WebhookDeliveryRecord>> NotifyAsync(string kind, RetrainEventData data, IReadOnlyList<WebhookSubscription> webhooks)
    {
        var subscribed = webhooks.Where(w => w.EventTypes.Contains(kind, StringComparer.Ordinal)).ToList();
        if (subscribed.Count == 0)
        {
            return [];
        }

        var eventId = RetrainIds.EventId(_context.InstanceId, _context.ExecutionId, kind);
        var subject = data.ModelName ?? data.Dataset;
        var deliveries = await Task.WhenAll(subscribed.Select(w => SendAsync(new WebhookNotification(w.Name, eventId, kind, subject, data))));
        foreach (var undelivered in deliveries.Where(d => !d.Delivered))
        {
            _log.WebhookUndelivered(_context.InstanceId, undelivered.Webhook, kind, undelivered.Error ?? "no reason given");
        }

        return deliveries;
    }

    private async Task<WebhookDeliveryRecord> SendAsync(WebhookNotification notification)
    {
        try
        {
            return await _context.CallActivityAsync<WebhookDeliveryRecord>(
                RetrainSteps.SendWebhook, notification, _plan?.RetryFor(RetrainSteps.SendWebhook) ?? options.Value.Retrain.Retry.SendWebhook.ToSettings().ToTaskOptions());
        }
        catch (TaskFailedException ex)
        {
            return new WebhookDeliveryRecord(notification.Webhook, notification.Kind, notification.EventId, false, null, 0, Describe(ex));
        }
    }
}
