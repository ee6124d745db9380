// A real webhook receiver for the pipeline's tests: Kestrel on 127.0.0.1 (ephemeral port). It
// keeps every request, checks each one's Standard Webhooks signature with the secret it was
// given, and answers with the status the test sets (204 by default).
using System.Collections.Concurrent;
using System.Text.Json;
using EdgeFlows.Activities.Webhooks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EdgeFlows.Functions.Tests.Pipeline.Activities;

public sealed record ReceivedEvent(string? WebhookId, bool SignatureValid, JsonElement Body)
{
    public string Type => Body.GetProperty("type").GetString()!;

    public string Id => Body.GetProperty("id").GetString()!;

    public JsonElement Data => Body.GetProperty("data");
}

public sealed class WebhookInbox : IAsyncDisposable
{
    /// <summary>A valid Standard Webhooks secret for tests (24 bytes, the spec's example).</summary>
    public const string TestSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ReceivedEvent> _received = new();

    private WebhookInbox(WebApplication app) => _app = app;

    public IReadOnlyList<ReceivedEvent> Received => [.. _received];

    /// <summary>The status answered to each request.</summary>
    public int Status { get; set; } = 204;

    public Uri Url { get; private set; } = null!;

    public static async Task<WebhookInbox> StartAsync(string secret = TestSecret)
    {
        var builder = WebApplication.CreateSlimBuilder(["--urls", "http://127.0.0.1:0"]);
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var inbox = new WebhookInbox(app);
        app.MapPost("/events", async context =>
        {
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
            var body = buffer.ToArray();
            var headers = context.Request.Headers;
            var valid = StandardWebhookSignature.Verify(
                secret, headers["webhook-id"].ToString(), headers["webhook-timestamp"].ToString(), body, headers["webhook-signature"].ToString(), DateTimeOffset.UtcNow);
            inbox._received.Enqueue(new ReceivedEvent(headers["webhook-id"].FirstOrDefault(), valid, JsonDocument.Parse(body).RootElement.Clone()));
            context.Response.StatusCode = inbox.Status;
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        inbox.Url = new Uri(new Uri(address), "/events");
        return inbox;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
