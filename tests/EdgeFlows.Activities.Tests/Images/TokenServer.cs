// The token service of the token-auth docker-registry (eng/services/registry.sh), run by the
// tests on the realm address the registry was started with. It issues real JWTs signed with
// the key whose certificate the registry trusts (sent in the x5c header), the way Docker's
// token auth works, and speaks both flows the client knows:
// * GET /oauth2/token?service=&scope=… with basic credentials (or none: pull only);
// * ACR's AAD exchange: POST /oauth2/exchange (grant_type=access_token, an Azure AD token)
//   for a refresh token, then POST /oauth2/token (grant_type=refresh_token, scope=…).
using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace EdgeFlows.Activities.Tests.Images;

public sealed class TokenServer : IAsyncLifetime
{
    /// <summary>The Azure AD access token the exchange accepts (what the test's TokenCredential hands out).</summary>
    public const string AzureAdToken = "aad-token-for-tests";

    private readonly ConcurrentDictionary<string, bool> _refreshTokens = new();
    private WebApplication? _app;
    private RSA? _key;
    private string? _certificate;

    /// <summary>Each request: "GET token basic repository:a:pull", "POST exchange", "POST token refresh repository:a:pull,push".</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    public async Task InitializeAsync()
    {
        _key = RSA.Create();
        _key.ImportFromPem(await File.ReadAllTextAsync(Registry.TokenKeyPath));
        using var certificate = X509Certificate2.CreateFromPem(await File.ReadAllTextAsync(Registry.TokenCertificatePath));
        _certificate = Convert.ToBase64String(certificate.RawData);

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, Registry.TokenRealm.Port));
        _app = builder.Build();
        _app.MapGet("/oauth2/token", (Func<HttpContext, IResult>)IssueForBasic);
        _app.MapPost("/oauth2/token", (Func<HttpContext, Task<IResult>>)IssueForRefreshTokenAsync);
        _app.MapPost("/oauth2/exchange", (Func<HttpContext, Task<IResult>>)ExchangeAsync);
        await _app.StartAsync();
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        _key?.Dispose();
    }

    private IResult IssueForBasic(HttpContext context)
    {
        var scopes = context.Request.Query["scope"].Select(s => s!).ToArray();
        var header = context.Request.Headers.Authorization.ToString();
        var expected = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Registry.User}:{Registry.Password}"));
        var kind = header.Length == 0 ? "anonymous" : header == expected ? "basic" : "wrong";
        Requests.Enqueue($"GET token {kind} {string.Join(' ', scopes)}");
        return kind switch
        {
            "wrong" => Results.Unauthorized(),
            "anonymous" => Results.Json(new { token = Jwt("anonymous", scopes, pullOnly: true), expires_in = 300 }),
            _ => Results.Json(new { token = Jwt(Registry.User, scopes, pullOnly: false), expires_in = 300 }),
        };
    }

    private async Task<IResult> ExchangeAsync(HttpContext context)
    {
        var form = await context.Request.ReadFormAsync();
        Requests.Enqueue($"POST exchange {form["grant_type"]} {form["service"]}");
        if (form["grant_type"] != "access_token" || form["access_token"] != AzureAdToken || form["service"] != Registry.TokenService)
        {
            return Results.Unauthorized();
        }

        var refresh = $"refresh-{Guid.NewGuid():N}";
        _refreshTokens[refresh] = true;
        return Results.Json(new { refresh_token = refresh });
    }

    private async Task<IResult> IssueForRefreshTokenAsync(HttpContext context)
    {
        var form = await context.Request.ReadFormAsync();
        var scopes = form["scope"].ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Requests.Enqueue($"POST token {form["grant_type"]} {string.Join(' ', scopes)}");
        if (form["grant_type"] != "refresh_token" || !_refreshTokens.ContainsKey(form["refresh_token"].ToString()))
        {
            return Results.Unauthorized();
        }

        return Results.Json(new { access_token = Jwt("aad-identity", scopes, pullOnly: false), expires_in = 300 });
    }

    private string Jwt(string subject, IEnumerable<string> scopes, bool pullOnly)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var access = scopes.Select(scope =>
        {
            var first = scope.IndexOf(':', StringComparison.Ordinal);
            var last = scope.LastIndexOf(':');
            var actions = scope[(last + 1)..].Split(',').Where(a => !pullOnly || a == "pull").ToArray();
            return new { type = scope[..first], name = scope[(first + 1)..last], actions };
        }).ToArray();
        var header = Base64Url(JsonSerializer.SerializeToUtf8Bytes(new { typ = "JWT", alg = "RS256", x5c = new[] { _certificate } }));
        var claims = Base64Url(JsonSerializer.SerializeToUtf8Bytes(new
        {
            iss = Registry.TokenIssuer,
            sub = subject,
            aud = Registry.TokenService,
            exp = now + 300,
            nbf = now - 10,
            iat = now,
            jti = Guid.NewGuid().ToString("N"),
            access,
        }));
        var signature = _key!.SignData(Encoding.ASCII.GetBytes($"{header}.{claims}"), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return $"{header}.{claims}.{Base64Url(signature)}";
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

[CollectionDefinition(Name)]
public sealed class TokenRegistryDefinition : ICollectionFixture<TokenServer>
{
    public const string Name = "token registry";
}
