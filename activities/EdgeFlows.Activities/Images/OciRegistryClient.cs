// The OCI distribution API client EdgeFlows pushes model images with (no Docker engine, and
// Azure.Containers.ContainerRegistry is not in our package source). It rides on Azure.Core's
// pipeline for retries with back-off, per-call timeouts and redacted logging. This file holds
// construction and the request plumbing; blobs and manifests live in the partial files beside it.
using System.Text.Json;
using Azure.Core;
using Azure.Core.Pipeline;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeFlows.Activities.Images;

/// <summary>
/// A thread-safe client of one registry's OCI distribution API (<c>/v2/</c>): blobs (HEAD to
/// skip what is there, cross-repository mount, chunked upload with the digest computed while
/// streaming, verified download) and manifests (OCI and Docker schema 2, indexes). Requests are
/// retried on 408/429/5xx and network errors with back-off and bounded by a per-call timeout
/// (<see cref="OciRegistryClientOptions"/>). Authentication follows the registry's challenge
/// (<see cref="RegistryCredentials"/>). Refusals throw <see cref="OciRegistryException"/>, refused
/// credentials <see cref="RegistryAuthenticationException"/>.
/// </summary>
public sealed partial class OciRegistryClient
{
    private const int MaxErrorBodyBytes = 64 * 1024;

    private readonly HttpPipeline _pipeline;
    private readonly OciRegistryClientOptions _options;
    private readonly RegistryTokenService _tokens;
    private readonly ILogger _logger;

    /// <summary>Creates a client of the registry at <paramref name="endpoint"/>, e.g. <c>https://myregistry.azsacr.local.azurestack.external</c>.</summary>
    /// <param name="endpoint">The registry's base URL: scheme, host and port only.</param>
    /// <param name="credentials">How to authenticate; default <see cref="RegistryCredentials.Anonymous"/>.</param>
    /// <param name="options">Retries, timeouts, chunk size.</param>
    /// <param name="logger">Where operations are logged (never a credential or token).</param>
    /// <exception cref="ArgumentException">The endpoint is not an absolute http(s) URL with no path, or is plain http to another machine without <see cref="OciRegistryClientOptions.AllowInsecureHttp"/>.</exception>
    public OciRegistryClient(Uri endpoint, RegistryCredentials? credentials = null, OciRegistryClientOptions? options = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        _options = options ?? new OciRegistryClientOptions();
        if (!endpoint.IsAbsoluteUri || (endpoint.Scheme != Uri.UriSchemeHttps && endpoint.Scheme != Uri.UriSchemeHttp))
        {
            throw new ArgumentException($"The registry endpoint must be an absolute http(s) URL such as https://myregistry.example, not '{endpoint}'.", nameof(endpoint));
        }

        if (endpoint.AbsolutePath != "/" || endpoint.Query.Length > 0)
        {
            throw new ArgumentException($"The registry endpoint must have no path or query (the API lives at /v2/), not '{endpoint}'.", nameof(endpoint));
        }

        if (endpoint.Scheme == Uri.UriSchemeHttp && !endpoint.IsLoopback && !_options.AllowInsecureHttp)
        {
            throw new ArgumentException(
                $"The registry endpoint '{endpoint}' is plain http to another machine; use https, or set AllowInsecureHttp if the network is trusted.", nameof(endpoint));
        }

        Endpoint = new Uri(endpoint.GetLeftPart(UriPartial.Authority));
        Registry = Endpoint.Authority;
        Credentials = credentials ?? RegistryCredentials.Anonymous;
        _logger = logger ?? NullLogger.Instance;

        // Token requests go through a pipeline of their own: same retries and timeouts, no
        // registry authentication, and never content logging (token responses are secrets).
        var tokenOptions = new OciRegistryClientOptions { Transport = _options.Transport };
        CopyRetry(_options.Retry, tokenOptions.Retry);
        tokenOptions.Diagnostics.IsLoggingContentEnabled = false;
        var tokenPipeline = HttpPipelineBuilder.Build(tokenOptions);
        _tokens = new RegistryTokenService(tokenPipeline, tokenOptions.Retry, Credentials, _options.AllowInsecureHttp, TimeProvider.System, _logger);
        _pipeline = HttpPipelineBuilder.Build(
            _options,
            perCallPolicies: [],
            perRetryPolicies: [new RegistryAuthenticationPolicy(Endpoint, Credentials, _tokens), ByteCountingPolicy.Shared],
            new ResponseClassifier());
    }

    /// <summary>Creates a client of <c>https://<paramref name="registry"/></c> (<c>http://</c> for a loopback host).</summary>
    /// <param name="registry">The registry's host and optional port, as in an <see cref="ImageReference"/>.</param>
    /// <param name="credentials">How to authenticate; default anonymous.</param>
    /// <param name="options">Retries, timeouts, chunk size.</param>
    /// <param name="logger">Where operations are logged.</param>
    public static OciRegistryClient ForRegistry(string registry, RegistryCredentials? credentials = null, OciRegistryClientOptions? options = null, ILogger? logger = null)
    {
        if (OciNames.RegistryError(registry) is { } error)
        {
            throw new ArgumentException($"Invalid registry: {error}.", nameof(registry));
        }

        var host = registry.StartsWith('[') ? registry[..(registry.IndexOf(']', StringComparison.Ordinal) + 1)] : registry.Split(':')[0];
        var loopback = host is "localhost" or "[::1]" || (System.Net.IPAddress.TryParse(host.Trim('[', ']'), out var address) && System.Net.IPAddress.IsLoopback(address));
        return new OciRegistryClient(new Uri($"{(loopback ? "http" : "https")}://{registry}"), credentials, options, logger);
    }

    /// <summary>The registry's base URL.</summary>
    public Uri Endpoint { get; }

    /// <summary>The registry's host and port as image references name it, e.g. <c>127.0.0.1:5000</c>.</summary>
    public string Registry { get; }

    /// <summary>The credentials the client authenticates with.</summary>
    public RegistryCredentials Credentials { get; }

    /// <summary>Token requests sent to the registry's token service so far (tokens are cached per scope).</summary>
    public int TokenRequestCount => _tokens.TokenRequests;

    /// <summary>True when <paramref name="reference"/> names this client's registry.</summary>
    public bool Serves(ImageReference reference)
    {
        ArgumentNullException.ThrowIfNull(reference);
        return string.Equals(reference.Registry, Registry, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// Checks that the registry answers the distribution API and accepts the credentials for
    /// <paramref name="repository"/> (pull and push), without changing anything.
    /// </summary>
    public async Task CheckAccessAsync(string repository, CancellationToken cancellationToken = default)
    {
        ValidateRepository(repository);
        using var message = CreateMessage(RequestMethod.Get, "/v2/", RegistryMessageProperties.PushScope(repository));
        await SendAsync(message, "API check", repository, cancellationToken).ConfigureAwait(false);
    }

    private HttpMessage CreateMessage(RequestMethod method, string path, params string[] scopes)
    {
        var message = _pipeline.CreateMessage();
        message.Request.Method = method;
        message.Request.Uri.Reset(Endpoint);
        message.Request.Uri.AppendPath(path, escape: false);
        RegistryMessageProperties.SetScopes(message, scopes);
        return message;
    }

    private HttpMessage CreateMessage(RequestMethod method, Uri uri, params string[] scopes)
    {
        var message = _pipeline.CreateMessage();
        message.Request.Method = method;
        message.Request.Uri.Reset(uri);
        RegistryMessageProperties.SetScopes(message, scopes);
        return message;
    }

    /// <summary>Sends the message; a status of 400 or more (other than <paramref name="allowed"/>) throws.</summary>
    private async Task<Azure.Response> SendAsync(HttpMessage message, string operation, string repository, CancellationToken cancellationToken, params int[] allowed)
    {
        await SendOrThrowUnreachableAsync(_pipeline, message, $"The registry {Registry}", $"the {operation} of {repository}", _options.Retry, cancellationToken).ConfigureAwait(false);
        var response = message.Response;
        if (response.Status < 400 || allowed.Contains(response.Status))
        {
            return response;
        }

        var exception = await CreateExceptionAsync(response, operation, repository, cancellationToken).ConfigureAwait(false);
        _logger.RequestFailed(Registry, operation, repository, exception.Status, exception.ErrorCode);
        throw exception;
    }

    private async Task<OciRegistryException> CreateExceptionAsync(Azure.Response response, string operation, string repository, CancellationToken cancellationToken)
    {
        string? code = null;
        string? detail = null;
        try
        {
            if (response.ContentStream is { } stream)
            {
                var buffer = new byte[MaxErrorBodyBytes];
                var length = await stream.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
                using var json = JsonDocument.Parse(buffer.AsMemory(0, length));
                if (json.RootElement.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Array && errors.GetArrayLength() > 0)
                {
                    var first = errors[0];
                    code = first.TryGetProperty("code", out var c) ? c.GetString() : null;
                    detail = first.TryGetProperty("message", out var m) ? m.GetString() : null;
                }
            }
        }
        catch (Exception e) when (e is JsonException or IOException or InvalidOperationException)
        {
            // Not the distribution error format: the status alone describes the failure.
        }

        var what = $"{operation} of {repository} at registry {Registry}";
        var because = $"{response.Status} {code ?? response.ReasonPhrase}{(detail is null ? "" : $": {detail}")}";
        if (response.Status != 401)
        {
            return new OciRegistryException(response.Status, code, $"The registry refused the {what} ({because}).");
        }

        // A token that authenticates but lacks the scope is answered with error="insufficient_scope".
        var challenge = AuthenticationChallenge.Parse(response.Headers.TryGetValue("WWW-Authenticate", out var header) ? header : null);
        return challenge?.Parameters.GetValueOrDefault("error") == "insufficient_scope"
            ? new RegistryAuthenticationException(401, "insufficient_scope",
                $"Access denied: the {Credentials} credentials are not granted '{string.Join(' ', challenge.Scopes)}' for the {what} (401 insufficient_scope).")
            : new RegistryAuthenticationException(401, code,
                $"Authentication failed: the registry refused the {what} with {Credentials} credentials ({because}). Check the registry credentials.");
    }

    /// <summary>
    /// Sends through <paramref name="pipeline"/>; when every try failed without an answer
    /// (timeouts, refused connections), throws one <see cref="OciRegistryException"/> with status 0
    /// that says so, instead of Azure.Core's AggregateException. The caller's own cancellation
    /// still surfaces as <see cref="OperationCanceledException"/>.
    /// </summary>
    internal static async Task SendOrThrowUnreachableAsync(HttpPipeline pipeline, HttpMessage message, string server, string what, RetryOptions retry, CancellationToken cancellationToken)
    {
        try
        {
            await pipeline.SendAsync(message, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && e is AggregateException or Azure.RequestFailedException { Status: 0 } or OperationCanceledException or IOException)
        {
            var timedOut = (e is AggregateException aggregate ? aggregate.InnerExceptions : [e]).All(inner => inner is OperationCanceledException);
            var why = timedOut
                ? $"no answer within the {retry.NetworkTimeout} call timeout"
                : (e is AggregateException a ? a.InnerExceptions[^1] : e).GetBaseException().Message;
            throw new OciRegistryException(0, null, $"{server} could not be reached for {what} after {retry.MaxRetries + 1} tries: {why}.", e);
        }
    }

    private static void ValidateRepository(string repository)
    {
        if (OciNames.RepositoryError(repository) is { } error)
        {
            throw new ArgumentException($"Invalid repository: {error}.", nameof(repository));
        }
    }

    private static void CopyRetry(RetryOptions from, RetryOptions to)
    {
        to.MaxRetries = from.MaxRetries;
        to.Delay = from.Delay;
        to.MaxDelay = from.MaxDelay;
        to.Mode = from.Mode;
        to.NetworkTimeout = from.NetworkTimeout;
    }
}
