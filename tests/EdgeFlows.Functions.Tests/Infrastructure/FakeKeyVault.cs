using System.Text.Json;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Security.KeyVault.Secrets;
using EdgeFlows.Functions.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EdgeFlows.Functions.Tests.Infrastructure;

/// <summary>
/// Key Vault's secrets REST API (list with paging, get; the bearer challenge first) on Kestrel
/// at 127.0.0.1, for the real SecretClient: its requests to https://test.vault.azure.net are
/// redirected here by the transport. Key Vault itself cannot run on this machine.
/// </summary>
public sealed class FakeKeyVault : IAsyncDisposable
{
    public static readonly Uri VaultUri = new("https://test.vault.azure.net/");

    private readonly WebApplication _app;

    private FakeKeyVault(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    public Uri Address { get; }

    /// <summary>Requests that carried a bearer token.</summary>
    public int AuthorizedRequests { get; private set; }

    /// <summary>Serves <paramref name="secrets"/> (name → value, enabled), two per page; <paramref name="hang"/> never answers.</summary>
    public static async Task<FakeKeyVault> StartAsync(IReadOnlyDictionary<string, (string Value, bool Enabled)> secrets, bool hang = false)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        FakeKeyVault? vault = null;
        app.Use(async (context, next) =>
        {
            if (hang)
            {
                await Task.Delay(Timeout.Infinite, context.RequestAborted);
            }

            if (!context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.Ordinal))
            {
                context.Response.StatusCode = 401;
                context.Response.Headers.WWWAuthenticate = "Bearer authorization=\"https://login.microsoftonline.com/tenant\", resource=\"https://vault.azure.net\"";
                return;
            }

            vault!.AuthorizedRequests++;
            await next(context);
        });
        var names = secrets.Keys.Order(StringComparer.Ordinal).ToList();
        app.MapGet("/secrets", (HttpRequest request) =>
        {
            var skip = int.TryParse(request.Query["skip"], out var s) ? s : 0;
            var page = names.Skip(skip).Take(2).Select(n => new { id = $"{VaultUri}secrets/{n}", attributes = new { enabled = secrets[n].Enabled } });
            var next = skip + 2 < names.Count ? $"{VaultUri}secrets?api-version=7.6&skip={skip + 2}" : null;
            return Results.Json(new { value = page, nextLink = next });
        });
        app.MapGet("/secrets/{name}/{version?}", (string name) => secrets.TryGetValue(name, out var secret)
            ? Results.Json(new { value = secret.Value, id = $"{VaultUri}secrets/{name}/v1", attributes = new { enabled = secret.Enabled } })
            : Results.Json(new { error = new { code = "SecretNotFound", message = $"Secret {name} not found" } }, statusCode: 404));
        await app.StartAsync();
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single());
        vault = new FakeKeyVault(app, address);
        return vault;
    }

    /// <summary>A client factory whose SecretClient talks to <paramref name="address"/> with a test token.</summary>
    public static KeyVaultClientFactory ClientFor(Uri address) => settings =>
    {
        var options = KeyVaultClients.Options(settings);
        options.Retry.MaxRetries = 0;
        options.Transport = new HttpClientTransport(new HttpClient(new RedirectHandler(address)));
        return new SecretClient(settings.Uri, new TestCredential(), options);
    };

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private sealed class RedirectHandler(Uri target) : DelegatingHandler(new SocketsHttpHandler())
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            request.RequestUri = new UriBuilder(request.RequestUri!) { Scheme = target.Scheme, Host = target.Host, Port = target.Port }.Uri;
            return base.SendAsync(request, cancellationToken);
        }
    }

    private sealed class TestCredential : TokenCredential
    {
        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            new("test-token", DateTimeOffset.UtcNow.AddHours(1));

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            ValueTask.FromResult(GetToken(requestContext, cancellationToken));
    }
}
