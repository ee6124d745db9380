using System.Net;
using System.Text;
using EdgeFlows.Activities.Webhooks;
using EdgeFlows.Samples.Demo.Receiver;

namespace EdgeFlows.Samples.Tests.Demo;

/// <summary>The demo's receiver on Kestrel (127.0.0.1), fed by EdgeFlows' own webhook sender.</summary>
public sealed class WebhookReceiverTests : IAsyncLifetime
{
    private const string Path = "/edgeflows/events";
    private static readonly string Secret = StandardWebhookSignature.GenerateSecret();
    private WebhookReceiver _receiver = null!;

    public async Task InitializeAsync() => _receiver = await WebhookReceiver.StartAsync(Secret, 0, Path, CancellationToken.None);

    public async Task DisposeAsync() => await _receiver.DisposeAsync();

    [Fact]
    public async Task Receive_EventFromWebhookSender_IsVerifiedAndKeptWithItsRun()
    {
        var delivery = await SendAsync(Secret, "evt_one");

        var received = Assert.Single(_receiver.Received);
        Assert.True(delivery.Delivered);
        Assert.Equal(204, delivery.StatusCode);
        Assert.Equal(("evt_one", true, "io.edgeflows.retrain.succeeded", "run-1"), (received.Id, received.Verified, received.Type, received.InstanceId));
    }

    [Fact]
    public async Task Receive_SignedWithAnotherSecret_AnswersUnauthorizedAndKeepsTheRejection()
    {
        var delivery = await SendAsync(StandardWebhookSignature.GenerateSecret(), "evt_forged", maxAttempts: 1);

        var received = Assert.Single(_receiver.Received);
        Assert.Equal((false, 401), (delivery.Delivered, delivery.StatusCode));
        Assert.Equal(("evt_forged", "no v1 signature matches"), (received.Id, received.Rejection));
    }

    [Fact]
    public async Task Receive_SameEventTwice_KeepsOneCopyCountingTwo()
    {
        await SendAsync(Secret, "evt_twice");
        await SendAsync(Secret, "evt_twice");

        var received = Assert.Single(_receiver.Received);
        Assert.Equal(2, received.Copies);
    }

    [Fact]
    public async Task Receive_NoSignatureHeaders_AnswersUnauthorized()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        using var content = new StringContent("{}", Encoding.UTF8, "application/json");

        using var response = await http.PostAsync(_receiver.Url, content);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    private async Task<WebhookDelivery> SendAsync(string secret, string id, int maxAttempts = 1)
    {
        using var http = new HttpClient(WebhookSender.CreateHandler());
        var sender = new WebhookSender(http);
        var endpoint = new WebhookEndpoint { Name = "demo", Url = _receiver.Url, Secret = secret, MaxAttempts = maxAttempts, Timeout = TimeSpan.FromSeconds(10) };
        var cloudEvent = CloudEvent.Create(
            id, "/edgeflows/retrain", "io.edgeflows.retrain.succeeded", new { instanceId = "run-1", version = 1 }, DateTimeOffset.UtcNow, "breast-cancer");
        return await sender.SendAsync(endpoint, cloudEvent);
    }
}
