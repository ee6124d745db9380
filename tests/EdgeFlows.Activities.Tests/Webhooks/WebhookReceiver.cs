// A real webhook receiver: Kestrel on 127.0.0.1 with an ephemeral port. It records every
// request it gets and answers with whatever the test's responder says for that attempt.
using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EdgeFlows.Activities.Tests.Webhooks;

internal sealed record ReceivedWebhook(
    string? WebhookId,
    string? WebhookTimestamp,
    string? WebhookSignature,
    string? ContentType,
    string PathAndQuery,
    byte[] Body,
    DateTimeOffset ReceivedAt);

internal sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ReceivedWebhook> _received = new();

    private WebhookReceiver(WebApplication app) => _app = app;

    public IReadOnlyList<ReceivedWebhook> Received => [.. _received];

    public Uri BaseUrl { get; private set; } = null!;

    public Uri Url(string path = "/hooks/edgeflows") => new(BaseUrl, path);

    /// <summary>Starts a receiver; <paramref name="respond"/> gets the 1-based number of the request and writes the response.</summary>
    public static async Task<WebhookReceiver> StartAsync(Func<int, HttpContext, Task> respond)
    {
        var builder = WebApplication.CreateSlimBuilder(["--urls", "http://127.0.0.1:0"]);
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        var count = 0;
        app.Run(async context =>
        {
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
            receiver._received.Enqueue(new ReceivedWebhook(
                context.Request.Headers["webhook-id"].FirstOrDefault(),
                context.Request.Headers["webhook-timestamp"].FirstOrDefault(),
                context.Request.Headers["webhook-signature"].FirstOrDefault(),
                context.Request.ContentType,
                context.Request.Path + context.Request.QueryString,
                buffer.ToArray(),
                DateTimeOffset.UtcNow));
            await respond(Interlocked.Increment(ref count), context);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        receiver.BaseUrl = new Uri(address);
        return receiver;
    }

    public static Func<int, HttpContext, Task> Status(params int[] statuses) => (attempt, context) =>
    {
        context.Response.StatusCode = statuses[Math.Min(attempt, statuses.Length) - 1];
        return Task.CompletedTask;
    };

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
