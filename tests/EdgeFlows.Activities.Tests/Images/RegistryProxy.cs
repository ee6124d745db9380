// A reverse proxy on 127.0.0.1 between the client and a real docker-registry: it counts the
// request body bytes that reach it (an independent check of the client's BytesUploaded) and
// can answer chosen requests with an error instead of forwarding them (retry tests). It
// forwards the Host header, so the registry's Location headers point back at the proxy.
using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EdgeFlows.Activities.Tests.Images;

internal sealed class RegistryProxy : IAsyncDisposable
{
    private static readonly HashSet<string> HopByHop = new(StringComparer.OrdinalIgnoreCase)
    {
        "Connection", "Keep-Alive", "Transfer-Encoding", "Upgrade", "Proxy-Connection", "TE", "Trailer", "Host",
    };

    private readonly WebApplication _app;
    private readonly HttpClient _http = new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false });
    private readonly Uri _target;
    private readonly ConcurrentQueue<Fault> _faults = new();

    private RegistryProxy(WebApplication app, Uri target)
    {
        _app = app;
        _target = target;
    }

    /// <summary>host:port of the proxy, to use as the registry.</summary>
    public string Registry { get; private set; } = "";

    /// <summary>Every request that reached the proxy, in order.</summary>
    public ConcurrentQueue<ProxiedRequest> Requests { get; } = new();

    /// <summary>Request body bytes received from the client, faulted requests included.</summary>
    public long BodyBytes => Requests.Sum(r => r.BodyBytes);

    public static async Task<RegistryProxy> StartAsync(string registry)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, 0);
            kestrel.Limits.MaxRequestBodySize = null;
        });
        var app = builder.Build();
        var proxy = new RegistryProxy(app, new Uri($"http://{registry}"));
        app.Run(proxy.ForwardAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        proxy.Registry = new Uri(address).Authority;
        return proxy;
    }

    /// <summary>Answers the next request matching <paramref name="match"/> with <paramref name="status"/>, after reading its body.</summary>
    public void FailNext(Func<HttpRequest, bool> match, int status) => _faults.Enqueue(new Fault(match, status));

    /// <summary>
    /// Forwards the next request matching <paramref name="match"/> to the registry but answers
    /// the client <paramref name="status"/>: the request took effect, its answer was lost.
    /// </summary>
    public void LoseAnswerOfNext(Func<HttpRequest, bool> match, int status) => _faults.Enqueue(new Fault(match, status, Forward: true));

    /// <summary>Never answers the next request matching <paramref name="match"/>: it hangs until the client gives up.</summary>
    public void HangNext(Func<HttpRequest, bool> match) => _faults.Enqueue(new Fault(match, Status: 0));

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _http.Dispose();
    }

    private async Task ForwardAsync(HttpContext context)
    {
        var request = context.Request;
        var body = new MemoryStream();
        await request.Body.CopyToAsync(body, context.RequestAborted);
        var record = new ProxiedRequest(request.Method, request.Path + request.QueryString, body.Length);
        Requests.Enqueue(record);

        var fault = _faults.TryPeek(out var next) && next.Match(request) && _faults.TryDequeue(out _) ? next : null;
        if (fault is { Forward: false })
        {
            record.Status = fault.Status;
            if (fault.Status == 0)
            {
                try
                {
                    await Task.Delay(TimeSpan.FromMinutes(1), context.RequestAborted);
                }
                catch (OperationCanceledException)
                {
                    // The client gave up and closed the connection, which is what the test waits for.
                }

                return;
            }

            context.Response.StatusCode = fault.Status;
            return;
        }

        using var forward = new HttpRequestMessage(new HttpMethod(request.Method), new Uri(_target, request.Path + request.QueryString));
        if (body.Length > 0 || request.ContentLength is not null)
        {
            forward.Content = new ByteArrayContent(body.ToArray());
        }

        foreach (var (name, values) in request.Headers)
        {
            if (HopByHop.Contains(name))
            {
                continue;
            }

            if (!forward.Headers.TryAddWithoutValidation(name, values.ToArray()) && forward.Content is not null)
            {
                forward.Content.Headers.TryAddWithoutValidation(name, values.ToArray());
            }
        }

        forward.Headers.Host = request.Host.Value;
        using var response = await _http.SendAsync(forward, HttpCompletionOption.ResponseHeadersRead, context.RequestAborted);
        if (fault is { Forward: true })
        {
            record.Status = fault.Status;
            context.Response.StatusCode = fault.Status;
            return;
        }

        record.Status = (int)response.StatusCode;
        context.Response.StatusCode = (int)response.StatusCode;
        foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
        {
            if (!HopByHop.Contains(name))
            {
                context.Response.Headers[name] = values.ToArray();
            }
        }

        if (request.Method != HttpMethods.Head)
        {
            await response.Content.CopyToAsync(context.Response.Body, context.RequestAborted);
        }
    }

    private sealed record Fault(Func<HttpRequest, bool> Match, int Status, bool Forward = false);
}

internal sealed class ProxiedRequest(string method, string pathAndQuery, long bodyBytes)
{
    public string Method { get; } = method;

    public string PathAndQuery { get; } = pathAndQuery;

    public long BodyBytes { get; } = bodyBytes;

    public int Status { get; set; }

    public override string ToString() => $"{Method} {PathAndQuery} {BodyBytes}B -> {Status}";
}
