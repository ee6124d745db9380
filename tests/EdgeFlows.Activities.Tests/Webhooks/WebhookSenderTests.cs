// The sender against a real Kestrel receiver on 127.0.0.1: signatures checked with the tests'
// own reading of the Standard Webhooks spec, retries, refusals, a receiver that is down or slow.
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using EdgeFlows.Activities.Webhooks;
using Microsoft.AspNetCore.Http;

namespace EdgeFlows.Activities.Tests.Webhooks;

public sealed class WebhookSenderTests : IDisposable
{
    private static readonly string Secret = StandardWebhookSignature.GenerateSecret();

    private readonly HttpClient _httpClient = new(WebhookSender.CreateHandler()) { Timeout = Timeout.InfiniteTimeSpan };
    private readonly CapturingLogger<WebhookSender> _logger = new();
    private readonly WebhookSender _sender;

    public WebhookSenderTests()
    {
        // Short waits so the tests retry quickly; the waits' lengths are not what they test.
        _sender = new WebhookSender(
            _httpClient,
            new WebhookSenderOptions { FirstRetryDelay = TimeSpan.FromMilliseconds(50), MaxRetryDelay = TimeSpan.FromMilliseconds(200), MaxRetryAfter = TimeSpan.FromSeconds(5) },
            _logger);
    }

    public void Dispose() => _httpClient.Dispose();

    [Fact]
    public async Task SendAsync_ReceiverUp_DeliversACloudEventSignedAsTheSpecSays()
    {
        await using var receiver = await WebhookReceiver.StartAsync(WebhookReceiver.Status(204));
        var cloudEvent = Event();

        var delivery = await _sender.SendAsync(Endpoint(receiver.Url()), cloudEvent);

        Assert.True(delivery.Delivered);
        Assert.Equal((1, 204), (delivery.Attempts, delivery.StatusCode));
        var received = Assert.Single(receiver.Received);
        Assert.Equal(cloudEvent.Id, received.WebhookId);
        Assert.True(SpecVerifier.Verify(Secret, received, DateTimeOffset.UtcNow), "The receiver could not verify the signature.");
        Assert.Equal("application/cloudevents+json", received.ContentType);
    }

    [Fact]
    public async Task SendAsync_SecretBeingRotated_SignedWithTheNewAndTheOldSecret()
    {
        var previous = StandardWebhookSignature.GenerateSecret();
        await using var receiver = await WebhookReceiver.StartAsync(WebhookReceiver.Status(204));
        var endpoint = Endpoint(receiver.Url());
        endpoint.PreviousSecret = previous;

        var delivery = await _sender.SendAsync(endpoint, Event());

        Assert.True(delivery.Delivered);
        var received = Assert.Single(receiver.Received);
        Assert.Equal(2, received.WebhookSignature!.Split(' ').Length);
        Assert.True(SpecVerifier.Verify(Secret, received, DateTimeOffset.UtcNow), "A receiver on the new secret could not verify.");
        Assert.True(SpecVerifier.Verify(previous, received, DateTimeOffset.UtcNow), "A receiver still on the old secret could not verify.");
        Assert.False(SpecVerifier.Verify(StandardWebhookSignature.GenerateSecret(), received, DateTimeOffset.UtcNow));
    }

    [Fact]
    public async Task SendAsync_ReceiverUp_BodyIsValidCloudEvents10()
    {
        await using var receiver = await WebhookReceiver.StartAsync(WebhookReceiver.Status(200));
        var cloudEvent = Event();

        await _sender.SendAsync(Endpoint(receiver.Url()), cloudEvent);

        using var body = JsonDocument.Parse(Assert.Single(receiver.Received).Body);
        var root = body.RootElement;
        Assert.Equal("1.0", root.GetProperty("specversion").GetString());
        Assert.Equal(cloudEvent.Id, root.GetProperty("id").GetString());
        Assert.False(string.IsNullOrEmpty(root.GetProperty("source").GetString()));
        Assert.Equal("io.edgeflows.model.promoted", root.GetProperty("type").GetString());
        Assert.True(DateTimeOffset.TryParse(root.GetProperty("time").GetString(), out _));
        Assert.Equal("churn", root.GetProperty("data").GetProperty("model").GetString());
    }

    [Fact]
    public async Task SendAsync_Receiver500TwiceThen200_DeliveredOnTheThirdAttemptWithOneWebhookId()
    {
        await using var receiver = await WebhookReceiver.StartAsync(WebhookReceiver.Status(500, 500, 200));
        var cloudEvent = Event();

        var delivery = await _sender.SendAsync(Endpoint(receiver.Url()), cloudEvent);

        Assert.True(delivery.Delivered);
        Assert.Equal(3, delivery.Attempts);
        Assert.Equal(3, receiver.Received.Count);
        Assert.All(receiver.Received, r => Assert.Equal(cloudEvent.Id, r.WebhookId));
        Assert.All(receiver.Received, r => Assert.True(SpecVerifier.Verify(Secret, r, DateTimeOffset.UtcNow)));
    }

    [Fact]
    public async Task SendAsync_SameEventSentAgain_CarriesTheSameWebhookId()
    {
        await using var receiver = await WebhookReceiver.StartAsync(WebhookReceiver.Status(200));

        // As after a crash: the event is rebuilt from the same run and sent again.
        await _sender.SendAsync(Endpoint(receiver.Url()), Event());
        await _sender.SendAsync(Endpoint(receiver.Url()), Event());

        Assert.Equal(2, receiver.Received.Count);
        Assert.Single(receiver.Received.Select(r => r.WebhookId).Distinct());
    }

    [Fact]
    public async Task SendAsync_ReceiverDown_ReturnsNotDeliveredWithTheReasonAndDoesNotThrow()
    {
        var delivery = await _sender.SendAsync(Endpoint(new Uri($"http://127.0.0.1:{ClosedPort()}/hooks"), maxAttempts: 2), Event());

        Assert.False(delivery.Delivered);
        Assert.Equal(2, delivery.Attempts);
        Assert.Null(delivery.StatusCode);
        Assert.Contains("refused", delivery.Error, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task SendAsync_Receiver400_DoesNotRetry()
    {
        await using var receiver = await WebhookReceiver.StartAsync(WebhookReceiver.Status(400));

        var delivery = await _sender.SendAsync(Endpoint(receiver.Url()), Event());

        Assert.False(delivery.Delivered);
        Assert.Equal((1, 400), (delivery.Attempts, delivery.StatusCode));
        Assert.Single(receiver.Received);
        Assert.Contains("400", delivery.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendAsync_RedirectAnswer_IsNotFollowedNorRetried()
    {
        await using var receiver = await WebhookReceiver.StartAsync((_, context) =>
        {
            context.Response.Redirect("/elsewhere");
            return Task.CompletedTask;
        });

        var delivery = await _sender.SendAsync(Endpoint(receiver.Url()), Event());

        Assert.False(delivery.Delivered);
        Assert.Equal(302, delivery.StatusCode);
        Assert.Single(receiver.Received);
        Assert.Contains("redirect", delivery.Error, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task SendAsync_ReceiverNeverAnswers_FailsWithinItsTimeoutBound()
    {
        await using var receiver = await WebhookReceiver.StartAsync((_, context) => Task.Delay(Timeout.Infinite, context.RequestAborted));
        var endpoint = Endpoint(receiver.Url(), maxAttempts: 2, timeout: TimeSpan.FromMilliseconds(500));
        var watch = Stopwatch.StartNew();

        var delivery = await _sender.SendAsync(endpoint, Event());

        // The bound: two attempts of 0.5 s and one wait of at most 0.2 s, with generous slack for a
        // loaded machine. Without the per-attempt timeout the call would never return.
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), $"Took {watch.Elapsed}.");
        Assert.False(delivery.Delivered);
        Assert.Equal(2, delivery.Attempts);
        Assert.Contains("timeout", delivery.Error, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task SendAsync_429WithRetryAfter_WaitsAtLeastThatLongThenRetries()
    {
        await using var receiver = await WebhookReceiver.StartAsync((attempt, context) =>
        {
            context.Response.StatusCode = attempt == 1 ? 429 : 200;
            if (attempt == 1)
            {
                context.Response.Headers.RetryAfter = "1";
            }

            return Task.CompletedTask;
        });

        var delivery = await _sender.SendAsync(Endpoint(receiver.Url()), Event());

        Assert.True(delivery.Delivered);
        Assert.Equal(2, delivery.Attempts);
        var (first, second) = (receiver.Received[0].ReceivedAt, receiver.Received[1].ReceivedAt);
        Assert.True(second - first >= TimeSpan.FromSeconds(0.95), $"Retried after {second - first}, before the receiver's Retry-After of 1 s.");
    }

    [Fact]
    public async Task SendAsync_RetryAfterLongerThanTheMaximum_GivesUpSayingWhy()
    {
        await using var receiver = await WebhookReceiver.StartAsync((_, context) =>
        {
            context.Response.StatusCode = 503;
            context.Response.Headers.RetryAfter = "3600";
            return Task.CompletedTask;
        });

        var delivery = await _sender.SendAsync(Endpoint(receiver.Url()), Event());

        Assert.False(delivery.Delivered);
        Assert.Equal(1, delivery.Attempts);
        Assert.Contains("MaxRetryAfter", delivery.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendAsync_TypeOutsideTheEndpointsFilter_SkipsWithoutARequest()
    {
        await using var receiver = await WebhookReceiver.StartAsync(WebhookReceiver.Status(200));
        var endpoint = Endpoint(receiver.Url());
        endpoint.EventTypes = ["io.edgeflows.run.failed"];

        var delivery = await _sender.SendAsync(endpoint, Event());

        Assert.True(delivery.Skipped);
        Assert.False(delivery.Delivered);
        Assert.Empty(receiver.Received);
    }

    [Fact]
    public async Task SendAsync_UrlWithCredentials_NeitherLogsNorReportsThemOrTheSecret()
    {
        await using var receiver = await WebhookReceiver.StartAsync(WebhookReceiver.Status(500));
        var url = new UriBuilder(receiver.Url("/hooks/T0PATHTOKEN")) { UserName = "hookuser", Password = "hookpassword", Query = "token=Q0QUERYTOKEN" }.Uri;

        var delivery = await _sender.SendAsync(Endpoint(url, maxAttempts: 2), Event());

        Assert.Equal("/hooks/T0PATHTOKEN?token=Q0QUERYTOKEN", receiver.Received[0].PathAndQuery);
        var text = string.Join('\n', _logger.Inner.Lines) + "\n" + delivery.Error + "\n" + Endpoint(url);
        Assert.NotEmpty(_logger.Inner.Lines);
        foreach (var secret in new[] { Secret, Secret["whsec_".Length..], "hookpassword", "hookuser", "T0PATHTOKEN", "Q0QUERYTOKEN", receiver.Received[0].WebhookSignature! })
        {
            Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task SendAsync_CallerCancels_ThrowsOperationCanceled()
    {
        await using var receiver = await WebhookReceiver.StartAsync((_, context) => Task.Delay(Timeout.Infinite, context.RequestAborted));
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _sender.SendAsync(Endpoint(receiver.Url(), timeout: TimeSpan.FromMinutes(5)), Event(), cancellation.Token));
    }

    private static WebhookEndpoint Endpoint(Uri url, int maxAttempts = 5, TimeSpan? timeout = null) => new()
    {
        Name = "ops",
        Url = url,
        Secret = Secret,
        MaxAttempts = maxAttempts,
        Timeout = timeout ?? TimeSpan.FromSeconds(10),
    };

    private static CloudEvent Event() => CloudEvent.Create(
        CloudEvent.StableId("retrain-churn-1", "io.edgeflows.model.promoted"),
        "/edgeflows/retrain/churn",
        "io.edgeflows.model.promoted",
        new { Model = "churn", Version = 7 },
        new DateTimeOffset(2026, 11, 22, 8, 30, 0, TimeSpan.Zero));

    // A port nobody listens on: bound, then released. Connecting to it is refused at once.
    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
