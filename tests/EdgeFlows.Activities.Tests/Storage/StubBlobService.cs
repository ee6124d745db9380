// A tiny HTTP(S) server on 127.0.0.1 for what Azurite cannot do: answer 503 (throttling),
// hang past a timeout, or check a bearer token over TLS. Every other test uses Azurite.
using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EdgeFlows.Activities.Tests.Storage;

internal sealed class StubBlobService : IAsyncDisposable
{
    private readonly WebApplication _app;

    private StubBlobService(WebApplication app, X509Certificate2? certificate)
    {
        _app = app;
        Certificate = certificate;
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Endpoint = new Uri($"{address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal)}/devstoreaccount1");
    }

    public Uri Endpoint { get; }

    public X509Certificate2? Certificate { get; }

    /// <summary>Headers of each request received, in order.</summary>
    public ConcurrentQueue<IHeaderDictionary> Requests { get; } = new();

    public static async Task<StubBlobService> StartAsync(Func<int, HttpContext, Task> respond, bool https = false)
    {
        var certificate = https ? CreateCertificate() : null;
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen =>
        {
            if (certificate is not null)
            {
                listen.UseHttps(certificate);
            }
        }));
        var app = builder.Build();
        StubBlobService? stub = null;
        var count = 0;
        app.Run(context =>
        {
            stub!.Requests.Enqueue(new HeaderDictionary(context.Request.Headers.ToDictionary(h => h.Key, h => h.Value)));
            return respond(Interlocked.Increment(ref count), context);
        });
        await app.StartAsync();
        stub = new StubBlobService(app, certificate);
        return stub;
    }

    /// <summary>Answers as Get Blob Properties does for a 0-byte blob.</summary>
    public static Task RespondWithPropertiesAsync(HttpContext context)
    {
        context.Response.Headers.ETag = "\"0x8DC0FFEE\"";
        context.Response.Headers.LastModified = "Mon, 01 Jan 2024 00:00:00 GMT";
        context.Response.Headers.ContentLength = 0;
        return Task.CompletedTask;
    }

    /// <summary>Answers 503 ServerBusy, as storage does when it throttles.</summary>
    public static Task RespondServerBusyAsync(HttpContext context)
    {
        context.Response.StatusCode = 503;
        context.Response.Headers["x-ms-error-code"] = "ServerBusy";
        return Task.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        Certificate?.Dispose();
    }

    private static X509Certificate2 CreateCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        using var ephemeral = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1));
        // Kestrel needs a certificate whose key it can load; round-trip through PFX gives one.
        return X509CertificateLoader.LoadPkcs12(ephemeral.Export(X509ContentType.Pfx), password: null);
    }
}
