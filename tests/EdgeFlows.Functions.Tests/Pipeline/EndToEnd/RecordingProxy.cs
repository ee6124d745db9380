// A reverse proxy on 127.0.0.1 that forwards every request to one upstream (Azurite, a docker
// registry) unchanged and records it: method, path, whether it carried a SAS signature or an
// Authorization header, status, and bytes each way. The end-to-end tests point EdgeFlows and
// its jobs at it to prove who read which blob, and to count what a registry received.
using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EdgeFlows.Functions.Tests.Pipeline.EndToEnd;

/// <summary>One request that went through the proxy.</summary>
/// <param name="Method">The HTTP method.</param>
/// <param name="Path">The path, unescaped.</param>
/// <param name="Query">The query string (with '?'), as sent.</param>
/// <param name="HasSignature">The query carried a SAS signature (<c>sig=</c>): a job's URL.</param>
/// <param name="Authorization">The Authorization scheme (SharedKey, Bearer, Basic), or null.</param>
/// <param name="Status">The upstream's status.</param>
/// <param name="RequestBytes">Body bytes sent upstream.</param>
/// <param name="ResponseBytes">Body bytes returned.</param>
public sealed record ProxiedRequest(string Method, string Path, string Query, bool HasSignature, string? Authorization, int Status, long RequestBytes, long ResponseBytes);

public sealed class RecordingProxy : IAsyncDisposable
{
    private static readonly HashSet<string> HopByHop = new(StringComparer.OrdinalIgnoreCase)
    {
        "Connection", "Keep-Alive", "Transfer-Encoding", "Upgrade", "Proxy-Connection", "TE", "Trailer", "Host",
    };

    private readonly WebApplication _app;
    private readonly HttpClient _upstream;
    private readonly ConcurrentQueue<ProxiedRequest> _requests = new();

    private RecordingProxy(WebApplication app, HttpClient upstream)
    {
        _app = app;
        _upstream = upstream;
    }

    /// <summary>The proxy's base URL, <c>http://127.0.0.1:PORT</c>.</summary>
    public Uri BaseUrl { get; private set; } = null!;

    public IReadOnlyList<ProxiedRequest> Requests => [.. _requests];

    /// <summary>Starts a proxy to <paramref name="upstream"/> (scheme, host and port).</summary>
    public static async Task<RecordingProxy> StartAsync(Uri upstream)
    {
        var builder = WebApplication.CreateSlimBuilder(["--urls", "http://127.0.0.1:0"]);
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = null);
        var app = builder.Build();
        var client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false, AutomaticDecompression = System.Net.DecompressionMethods.None })
        {
            BaseAddress = new Uri(upstream.GetLeftPart(UriPartial.Authority)),
            Timeout = TimeSpan.FromMinutes(5),
        };
        var proxy = new RecordingProxy(app, client);
        app.Run(proxy.ForwardAsync);
        await app.StartAsync();
        proxy.BaseUrl = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());
        return proxy;
    }

    /// <summary>Forgets the requests so far.</summary>
    public void Clear() => _requests.Clear();

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _upstream.Dispose();
    }

    private async Task ForwardAsync(HttpContext context)
    {
        var incoming = context.Request;
        var target = incoming.Path.ToUriComponent() + incoming.QueryString.ToUriComponent();
        using var request = new HttpRequestMessage(new HttpMethod(incoming.Method), target);
        using var body = new MemoryStream();
        await incoming.Body.CopyToAsync(body, context.RequestAborted);
        if (body.Length > 0 || incoming.ContentLength is not null || HttpMethods.IsPut(incoming.Method) || HttpMethods.IsPost(incoming.Method) || HttpMethods.IsPatch(incoming.Method))
        {
            request.Content = new ByteArrayContent(body.ToArray());
        }

        foreach (var (name, values) in incoming.Headers)
        {
            if (HopByHop.Contains(name))
            {
                continue;
            }

            if (!request.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values))
            {
                request.Content?.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values);
            }
        }

        // Registries build absolute Location URLs from Host: keep the proxy's, so clients come back through it.
        request.Headers.Host = incoming.Host.Value;
        using var response = await _upstream.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, context.RequestAborted);
        context.Response.StatusCode = (int)response.StatusCode;
        foreach (var header in response.Headers.Concat(response.Content.Headers))
        {
            if (!HopByHop.Contains(header.Key))
            {
                context.Response.Headers[header.Key] = header.Value.ToArray();
            }
        }

        long returned = 0;
        await using (var upstreamBody = await response.Content.ReadAsStreamAsync(context.RequestAborted))
        {
            var buffer = new byte[81920];
            int read;
            while ((read = await upstreamBody.ReadAsync(buffer, context.RequestAborted)) > 0)
            {
                returned += read;
                await context.Response.Body.WriteAsync(buffer.AsMemory(0, read), context.RequestAborted);
            }
        }

        var authorization = incoming.Headers.Authorization.ToString();
        _requests.Enqueue(new ProxiedRequest(
            incoming.Method,
            Uri.UnescapeDataString(incoming.Path.Value ?? string.Empty),
            incoming.QueryString.Value ?? string.Empty,
            incoming.Query.ContainsKey("sig"),
            authorization.Length == 0 ? null : authorization.Split(' ')[0],
            (int)response.StatusCode,
            body.Length,
            returned));
    }
}
