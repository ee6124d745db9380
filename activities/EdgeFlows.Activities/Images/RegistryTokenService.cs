// Gets bearer tokens for a registry's Bearer challenge and caches them per realm, service and
// scope set until shortly before they expire. Two flows:
// * Docker token auth: GET realm?service=S&scope=A&scope=B, with basic credentials or none.
// * ACR's Azure AD exchange: an AAD access token from the TokenCredential is POSTed to
//   /oauth2/exchange (grant_type=access_token) for a refresh token (cached while the AAD token
//   lives), which POST realm (grant_type=refresh_token, scope=…) turns into an access token.
// Tokens, passwords and refresh tokens are never logged or put in exception messages.
using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Azure.Core;
using Azure.Core.Pipeline;
using Microsoft.Extensions.Logging;

namespace EdgeFlows.Activities.Images;

internal sealed class RegistryTokenService
{
    // Docker's token spec: a token without expires_in lives 60 seconds.
    private static readonly TimeSpan DefaultLifetime = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan MaxExpiryMargin = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan RefreshTokenMargin = TimeSpan.FromMinutes(5);
    private const int MaxTokenResponseBytes = 1024 * 1024;

    private readonly HttpPipeline _pipeline;
    private readonly RetryOptions _retry;
    private readonly RegistryCredentials _credentials;
    private readonly bool _allowInsecureHttp;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, CachedToken> _tokens = new(StringComparer.Ordinal);
    private CachedToken? _refreshToken;
    private int _tokenRequests;

    public RegistryTokenService(HttpPipeline pipeline, RetryOptions retry, RegistryCredentials credentials, bool allowInsecureHttp, TimeProvider time, ILogger logger)
    {
        _pipeline = pipeline;
        _retry = retry;
        _credentials = credentials;
        _allowInsecureHttp = allowInsecureHttp;
        _time = time;
        _logger = logger;
    }

    /// <summary>Token requests sent so far (for tests of caching; never the tokens themselves).</summary>
    public int TokenRequests => Volatile.Read(ref _tokenRequests);

    /// <summary>A cached, unexpired token for these scopes, or null.</summary>
    public string? TryGetCached(AuthenticationChallenge challenge, IReadOnlyList<string> scopes) =>
        _tokens.TryGetValue(CacheKey(challenge, scopes), out var token) && token.ExpiresOn > _time.GetUtcNow() ? token.Value : null;

    /// <summary>A token for <paramref name="scopes"/>: cached, or new when none is cached or <paramref name="forceNew"/>.</summary>
    public async ValueTask<string> GetTokenAsync(AuthenticationChallenge challenge, IReadOnlyList<string> scopes, bool forceNew, CancellationToken cancellationToken)
    {
        var key = CacheKey(challenge, scopes);
        if (!forceNew && TryGetCached(challenge, scopes) is { } cached)
        {
            return cached;
        }

        // Two concurrent requests for a scope not cached yet may both fetch a token; the later
        // one wins the cache. The builder pushes one blob at a time, so this stays rare.
        var realm = RealmOf(challenge);
        var token = _credentials.Kind == RegistryCredentialKind.AzureActiveDirectory
            ? await GetAcrTokenAsync(realm, challenge.Service, scopes, forceNew, cancellationToken).ConfigureAwait(false)
            : await GetDockerTokenAsync(realm, challenge.Service, scopes, cancellationToken).ConfigureAwait(false);
        _tokens[key] = token;
        if (_logger.IsEnabled(LogLevel.Debug))
        {
            _logger.TokenObtained(realm.Authority, string.Join(' ', scopes), token.ExpiresOn);
        }

        return token.Value;
    }

    private async Task<CachedToken> GetDockerTokenAsync(Uri realm, string? service, IReadOnlyList<string> scopes, CancellationToken cancellationToken)
    {
        using var message = _pipeline.CreateMessage();
        message.Request.Method = RequestMethod.Get;
        message.Request.Uri.Reset(realm);
        if (service is not null)
        {
            message.Request.Uri.AppendQuery("service", service);
        }

        foreach (var scope in scopes)
        {
            message.Request.Uri.AppendQuery("scope", scope);
        }

        if (_credentials.Kind == RegistryCredentialKind.Basic)
        {
            var pair = Encoding.UTF8.GetBytes($"{_credentials.Username}:{_credentials.Password}");
            message.Request.Headers.SetValue(HttpHeader.Names.Authorization, new AuthenticationHeaderValue("Basic", Convert.ToBase64String(pair)).ToString());
        }

        using var json = await SendAsync(message, realm, "token request", scopes, cancellationToken).ConfigureAwait(false);
        var root = json.RootElement;
        var value = ReadString(root, "token") ?? ReadString(root, "access_token")
            ?? throw new OciRegistryException(200, null, $"The token service at {realm.Authority} answered without a token.");
        return new CachedToken(value, ExpiryOf(root));
    }

    private async Task<CachedToken> GetAcrTokenAsync(Uri realm, string? service, IReadOnlyList<string> scopes, bool forceNew, CancellationToken cancellationToken)
    {
        if (service is null)
        {
            throw new RegistryAuthenticationException(401, null, $"The registry's Bearer challenge names no service, which Azure Container Registry's token exchange needs (realm {realm.Authority}).");
        }

        var refresh = _refreshToken;
        if (forceNew || refresh is null || refresh.ExpiresOn <= _time.GetUtcNow())
        {
            var aad = await _credentials.TokenCredential!.GetTokenAsync(
                new TokenRequestContext([_credentials.AzureScope!], tenantId: _credentials.TenantId), cancellationToken).ConfigureAwait(false);
            var exchange = new Uri(realm, "/oauth2/exchange");
            var form = new List<(string, string)> { ("grant_type", "access_token"), ("service", service), ("access_token", aad.Token) };
            if (_credentials.TenantId is { } tenant)
            {
                form.Add(("tenant", tenant));
            }

            using var message = CreateFormPost(exchange, form);
            using var json = await SendAsync(message, exchange, "Azure AD token exchange", scopes, cancellationToken).ConfigureAwait(false);
            var value = ReadString(json.RootElement, "refresh_token")
                ?? throw new OciRegistryException(200, null, $"The registry's token exchange at {exchange.Authority} answered without a refresh token.");
            refresh = new CachedToken(value, aad.ExpiresOn - RefreshTokenMargin);
            _refreshToken = refresh;
        }

        using var tokenMessage = CreateFormPost(realm,
            [("grant_type", "refresh_token"), ("service", service), ("scope", string.Join(' ', scopes)), ("refresh_token", refresh.Value)]);
        using var tokenJson = await SendAsync(tokenMessage, realm, "token request", scopes, cancellationToken).ConfigureAwait(false);
        var access = ReadString(tokenJson.RootElement, "access_token") ?? ReadString(tokenJson.RootElement, "token")
            ?? throw new OciRegistryException(200, null, $"The token service at {realm.Authority} answered without an access token.");
        return new CachedToken(access, ExpiryOf(tokenJson.RootElement));
    }

    private HttpMessage CreateFormPost(Uri uri, IEnumerable<(string Name, string Value)> fields)
    {
        var message = _pipeline.CreateMessage();
        message.Request.Method = RequestMethod.Post;
        message.Request.Uri.Reset(uri);
        var body = string.Join('&', fields.Select(f => $"{Uri.EscapeDataString(f.Name)}={Uri.EscapeDataString(f.Value)}"));
        message.Request.Content = RequestContent.Create(Encoding.UTF8.GetBytes(body));
        message.Request.Headers.SetValue(HttpHeader.Names.ContentType, "application/x-www-form-urlencoded");
        return message;
    }

    private async Task<JsonDocument> SendAsync(HttpMessage message, Uri endpoint, string operation, IReadOnlyList<string> scopes, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _tokenRequests);
        message.BufferResponse = true;
        await OciRegistryClient.SendOrThrowUnreachableAsync(_pipeline, message, $"The token service at {endpoint.Authority}", $"the {operation}", _retry, cancellationToken).ConfigureAwait(false);
        var response = message.Response;
        if (response.Status is 401 or 403)
        {
            throw new RegistryAuthenticationException(response.Status, null,
                $"Authentication failed: the token service at {endpoint.Authority} refused the {operation} with {_credentials} credentials " +
                $"for '{string.Join(' ', scopes)}' ({response.Status}). Check the registry credentials.");
        }

        if (response.Status != 200)
        {
            throw new OciRegistryException(response.Status, null, $"The token service at {endpoint.Authority} failed the {operation} with status {response.Status}.");
        }

        var content = response.Content.ToMemory();
        if (content.Length > MaxTokenResponseBytes)
        {
            throw new OciRegistryException(response.Status, null, $"The token service at {endpoint.Authority} answered with {content.Length} bytes, more than a token response can be.");
        }

        try
        {
            return JsonDocument.Parse(content);
        }
        catch (JsonException e)
        {
            throw new OciRegistryException(response.Status, null, $"The token service at {endpoint.Authority} answered the {operation} with invalid JSON.", e);
        }
    }

    private Uri RealmOf(AuthenticationChallenge challenge)
    {
        if (!Uri.TryCreate(challenge.Realm, UriKind.Absolute, out var realm) || (realm.Scheme != Uri.UriSchemeHttps && realm.Scheme != Uri.UriSchemeHttp))
        {
            throw new RegistryAuthenticationException(401, null, $"The registry's Bearer challenge has no usable realm ('{challenge.Realm}').");
        }

        if (realm.Scheme == Uri.UriSchemeHttp && !realm.IsLoopback && !_allowInsecureHttp)
        {
            throw new RegistryAuthenticationException(401, null,
                $"The registry's token service {realm.Authority} is plain http; credentials are not sent there unless AllowInsecureHttp is set.");
        }

        return realm;
    }

    private DateTimeOffset ExpiryOf(JsonElement root)
    {
        var lifetime = root.TryGetProperty("expires_in", out var expiresIn) && expiresIn.TryGetInt32(out var seconds) && seconds > 0
            ? TimeSpan.FromSeconds(seconds)
            : DefaultLifetime;
        var margin = lifetime / 10 < MaxExpiryMargin ? lifetime / 10 : MaxExpiryMargin;
        return _time.GetUtcNow() + lifetime - margin;
    }

    private static string? ReadString(JsonElement root, string name) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text
            ? text
            : null;

    private static string CacheKey(AuthenticationChallenge challenge, IReadOnlyList<string> scopes) =>
        $"{challenge.Realm}|{challenge.Service}|{string.Join(' ', scopes.Order(StringComparer.Ordinal))}";

    private sealed record CachedToken(string Value, DateTimeOffset ExpiresOn)
    {
        // Records print their members; a token must never be printed.
        public override string ToString() => $"token until {ExpiresOn:O}";
    }
}
