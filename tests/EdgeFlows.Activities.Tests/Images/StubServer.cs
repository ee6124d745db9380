// A tiny HTTP server on 127.0.0.1 for what a real registry will not do on demand: redirect a
// blob download to another host (as registries backed by blob storage do). Records each
// request's method, path and Authorization header.
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

internal sealed class StubServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private StubServer(WebApplication app)
    {
        _app = app;
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Endpoint = new Uri(address);
    }

    public Uri Endpoint { get; }

    /// <summary>"METHOD /path Authorization-header-or-empty" for each request.</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    public static async Task<StubServer> StartAsync(RequestDelegate respond)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        StubServer? server = null;
        app.Run(context =>
        {
            server!.Requests.Enqueue($"{context.Request.Method} {context.Request.Path} {context.Request.Headers.Authorization}".TrimEnd());
            return respond(context);
        });
        await app.StartAsync();
        server = new StubServer(app);
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
