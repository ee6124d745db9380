// The Notify step's activity: one event to one webhook. The receiver's URL and secret are read
// from configuration here (history holds only its name). A receiver that stays down is not an
// error: the delivery says so and the run goes on.
using EdgeFlows.Activities.Webhooks;
using EdgeFlows.Durable;
using EdgeFlows.Functions.Pipeline.Configuration;
using EdgeFlows.Functions.Pipeline.Steps;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EdgeFlows.Functions.Pipeline.Activities;

/// <summary>Sends one pipeline event, as a signed CloudEvent, to one configured webhook.</summary>
public sealed class SendWebhook(
    IOptions<RetrainPipelineOptions> options, WebhookSender sender, TimeProvider time, SecretRedactor redactor, ILogger<SendWebhook> logger)
    : RetrainActivity<WebhookNotification, WebhookDeliveryRecord>(redactor, logger)
{
    /// <inheritdoc />
    protected override async Task<WebhookDeliveryRecord> ExecuteAsync(TaskActivityContext context, WebhookNotification input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var webhooks = options.Value.Webhooks;
        if (!webhooks.Endpoints.TryGetValue(input.Webhook, out var configured))
        {
            throw new RetrainStepRefusedException($"The webhook '{input.Webhook}' is not configured (EdgeFlows:Webhooks:Endpoints).");
        }

        var cloudEvent = CloudEvent.Create(
            input.EventId, webhooks.Source, RetrainEvents.CloudEventType(input.Kind), input.Data, time.GetUtcNow(), input.Subject);
        var delivery = await sender.SendAsync(configured.ToEndpoint(input.Webhook), cloudEvent, cancellationToken);
        return new WebhookDeliveryRecord(input.Webhook, input.Kind, input.EventId, delivery.Delivered, delivery.StatusCode, delivery.Attempts, Redactor.Redact(delivery.Error));
    }
}
