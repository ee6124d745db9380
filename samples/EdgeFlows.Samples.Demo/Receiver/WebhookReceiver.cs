// The webhook receiver the demo runs: Kestrel on 127.0.0.1, one POST endpoint. It answers
// 204 to a message whose Standard Webhooks signature checks out and 401 otherwise, and keeps
// every message (de-duplicated by webhook-id) for the demo to show.
using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace EdgeFlows.Samples.Demo.Receiver;

/// <summary>Receives and verifies the app's webhooks.</summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private const long MaxBodyBytes = 256 * 1024;
    private readonly StandardWebhooksVerifier _verifier;
    private readonly ConcurrentDictionary<string, ReceivedWebhook> _received = new(StringComparer.Ordinal);
    private readonly WebApplication _app;
    private readonly string _path;

    private WebhookReceiver(StandardWebhooksVerifier verifier, int port, string path)
    {
        _verifier = verifier;
        _path = path;
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Listen(IPAddress.Loopback, port);
            k.Limits.MaxRequestBodySize = MaxBodyBytes;
        });
        _app = builder.Build();
        _app.MapPost(path, ReceiveAsync);
    }

    /// <summary>Every message received so far, in no particular order.</summary>
    public IReadOnlyCollection<ReceivedWebhook> Received => _received.Values.ToArray();

    /// <summary>The receiver's URL (with the port chosen when 0 was asked for).</summary>
    public Uri Url => new(new Uri(_app.Urls.First()), _path);

    /// <summary>Starts listening on 127.0.0.1:<paramref name="port"/> (0: any free port) at <paramref name="path"/>.</summary>
    public static async Task<WebhookReceiver> StartAsync(string secret, int port, string path, CancellationToken cancellationToken)
    {
        var receiver = new WebhookReceiver(new StandardWebhooksVerifier(secret), port, path);
        await receiver._app.StartAsync(cancellationToken);
        return receiver;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }

    private async Task<IResult> ReceiveAsync(HttpRequest request)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, request.HttpContext.RequestAborted);
        var body = buffer.ToArray();
        var id = request.Headers["webhook-id"].ToString();
        var rejection = _verifier.Check(
            id, request.Headers["webhook-timestamp"].ToString(), request.Headers["webhook-signature"].ToString(), body, DateTimeOffset.UtcNow);

        var (type, subject, data) = rejection is null ? ReadCloudEvent(body) : (null, null, null);
        var key = string.IsNullOrEmpty(id) ? $"(no id) {Guid.NewGuid():N}" : id;
        _received.AddOrUpdate(
            key,
            _ => new ReceivedWebhook(key, type, subject, data, rejection, 1),
            (_, earlier) => earlier with { Copies = earlier.Copies + 1, Rejection = earlier.Rejection ?? rejection });
        return rejection is null ? Results.NoContent() : Results.Unauthorized();
    }

    private static (string? Type, string? Subject, JsonElement? Data) ReadCloudEvent(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            return (
                root.TryGetProperty("type", out var type) ? type.GetString() : null,
                root.TryGetProperty("subject", out var subject) ? subject.GetString() : null,
                root.TryGetProperty("data", out var data) ? data.Clone() : null);
        }
        catch (JsonException)
        {
            return (null, null, null);
        }
    }
}
