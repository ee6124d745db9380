// Delivers one CloudEvent to one endpoint: signed the Standard Webhooks way, retried with
// exponential back-off and jitter on network errors, timeouts, 5xx, 408 and 429 (honouring
// Retry-After), never on other 4xx or 3xx. A receiver that is down is an outcome, not an
// exception: the caller (the Notify step) records it and the run goes on.
using System.Net.Http.Headers;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeFlows.Activities.Webhooks;

/// <summary>Sends CloudEvents to webhook endpoints. Thread-safe; share one instance.</summary>
public sealed class WebhookSender
{
    private const int MaxResponseSnippet = 200;

    private readonly HttpClient _httpClient;
    private readonly WebhookSenderOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;

    /// <summary>
    /// Creates the sender over <paramref name="httpClient"/>. Give it a client over
    /// <see cref="CreateHandler"/> (redirects not followed) with an infinite
    /// <see cref="HttpClient.Timeout"/>: each attempt has its endpoint's own timeout.
    /// </summary>
    public WebhookSender(HttpClient httpClient, WebhookSenderOptions? options = null, ILogger<WebhookSender>? logger = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        _options = options ?? new WebhookSenderOptions();
        _options.Validate();
        _httpClient = httpClient;
        _logger = logger ?? NullLogger<WebhookSender>.Instance;
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>
    /// The handler webhook clients should use: redirects are not followed (the Standard
    /// Webhooks spec counts a 3xx as a failure; following one would turn the POST into a GET
    /// and send the signed event somewhere unconfigured), no cookies, connections recycled.
    /// </summary>
    public static SocketsHttpHandler CreateHandler() => new()
    {
        AllowAutoRedirect = false,
        UseCookies = false,
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
    };

    /// <summary>
    /// POSTs <paramref name="cloudEvent"/> to <paramref name="endpoint"/> (structured mode,
    /// <c>application/cloudevents+json</c>) with the headers <c>webhook-id</c> (the event's id,
    /// the same on every attempt and every resend), <c>webhook-timestamp</c> and
    /// <c>webhook-signature</c> (both fresh per attempt). Retries up to the endpoint's
    /// <see cref="WebhookEndpoint.MaxAttempts"/>. Returns the outcome; does not throw when the
    /// receiver is down, slow or refuses.
    /// </summary>
    /// <exception cref="ArgumentException">The endpoint or the event is invalid (configuration, not delivery).</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<WebhookDelivery> SendAsync(WebhookEndpoint endpoint, CloudEvent cloudEvent, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(cloudEvent);
        endpoint.Validate();
        cloudEvent.Validate();

        if (!endpoint.Accepts(cloudEvent.Type))
        {
            _logger.WebhookSkipped(endpoint.Name, cloudEvent.Id, cloudEvent.Type);
            return new WebhookDelivery { Endpoint = endpoint.Name, EventId = cloudEvent.Id, Delivered = false, Skipped = true, Attempts = 0 };
        }

        var body = cloudEvent.ToJsonBytes();
        var origin = WebhookUrl.Redact(endpoint.Url!);
        for (var attempt = 1; ; attempt++)
        {
            var outcome = await AttemptAsync(endpoint, cloudEvent.Id, body, cancellationToken).ConfigureAwait(false);
            if (outcome.Delivered)
            {
                _logger.WebhookDelivered(endpoint.Name, origin, cloudEvent.Id, cloudEvent.Type, attempt, outcome.StatusCode!.Value);
                return Result(endpoint, cloudEvent, outcome, attempt);
            }

            var reason = outcome.Reason ?? $"HTTP {outcome.StatusCode}";
            var giveUp = !outcome.Retryable || attempt >= endpoint.MaxAttempts;
            var delay = outcome.RetryAfter ?? Backoff(attempt);
            if (!giveUp && outcome.RetryAfter > _options.MaxRetryAfter)
            {
                reason += $"; the receiver asked to retry after {outcome.RetryAfter}, longer than MaxRetryAfter ({_options.MaxRetryAfter})";
                giveUp = true;
            }

            if (giveUp)
            {
                _logger.WebhookFailed(endpoint.Name, origin, cloudEvent.Id, attempt, reason);
                return Result(endpoint, cloudEvent, outcome with { Reason = reason }, attempt);
            }

            _logger.WebhookAttemptFailed(endpoint.Name, origin, attempt, endpoint.MaxAttempts, cloudEvent.Id, reason, delay);
            await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<AttemptOutcome> AttemptAsync(WebhookEndpoint endpoint, string eventId, byte[] body, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(endpoint.Timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        var timestamp = _time.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint.Url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(CloudEvent.MediaType);
        request.Headers.Add("webhook-id", eventId);
        request.Headers.Add("webhook-timestamp", timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var signature = StandardWebhookSignature.Sign(endpoint.Secret, eventId, timestamp, body);
        if (endpoint.PreviousSecret is not null)
        {
            signature += " " + StandardWebhookSignature.Sign(endpoint.PreviousSecret, eventId, timestamp, body);
        }

        request.Headers.Add("webhook-signature", signature);
        try
        {
            using var response = await _httpClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            if (status is >= 200 and < 300)
            {
                return new AttemptOutcome(true, status, null, false, null);
            }

            var snippet = await ReadSnippetAsync(response, linked.Token).ConfigureAwait(false);
            var reason = $"HTTP {status} {response.ReasonPhrase}".TrimEnd() + (snippet.Length > 0 ? $": {snippet}" : "") + status switch
            {
                >= 300 and < 400 => " (redirects are not followed: configure the final URL)",
                410 => " (the receiver asks not to be sent more events)",
                _ => "",
            };
            var retryable = status is >= 500 or 429 or 408;
            return new AttemptOutcome(false, status, reason, retryable, retryable ? RetryAfter(response) : null);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new AttemptOutcome(false, null, $"no response within the timeout of {endpoint.Timeout}", true, null);
        }
        catch (HttpRequestException ex)
        {
            return new AttemptOutcome(false, null, Describe(ex, endpoint.Url!), true, null);
        }
    }

    private TimeSpan Backoff(int failedAttempt)
    {
        var exponential = _options.FirstRetryDelay.TotalMilliseconds * Math.Pow(_options.BackoffCoefficient, failedAttempt - 1);
        var capped = Math.Min(exponential, _options.MaxRetryDelay.TotalMilliseconds);

        // Equal jitter: half the wait is fixed, half random, so receivers recovering from an
        // outage are not hit by every sender at the same instant.
        return TimeSpan.FromMilliseconds(capped / 2 + (Random.Shared.NextDouble() * capped / 2));
    }

    private TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta)
        {
            return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        }

        if (header?.Date is { } date)
        {
            var wait = date - _time.GetUtcNow();
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        }

        return null;
    }

    private static async Task<string> ReadSnippetAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                var buffer = new byte[MaxResponseSnippet];
                var read = 0;
                int count;
                while (read < buffer.Length && (count = await stream.ReadAsync(buffer.AsMemory(read), cancellationToken).ConfigureAwait(false)) > 0)
                {
                    read += count;
                }

                var text = System.Text.Encoding.UTF8.GetString(buffer, 0, read);
                return new string(text.Select(c => char.IsControl(c) ? ' ' : c).ToArray()).Trim();
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or OperationCanceledException)
        {
            // The status code already says the delivery failed; a body we cannot read adds nothing.
            return "";
        }
    }

    // HttpClient's messages name host and port at most, but the URL's path and query may hold a
    // token, so any trace of them is replaced by the redacted form.
    private static string Describe(HttpRequestException ex, Uri url)
    {
        var message = ex.InnerException is { } inner && !ex.Message.Contains(inner.Message, StringComparison.Ordinal)
            ? $"{ex.Message} ({inner.Message})"
            : ex.Message;
        var redacted = WebhookUrl.Redact(url);
        message = message.Replace(url.OriginalString, redacted, StringComparison.Ordinal).Replace(url.AbsoluteUri, redacted, StringComparison.Ordinal);
        if (url.PathAndQuery.Length > 1)
        {
            message = message.Replace(url.PathAndQuery, "/…", StringComparison.Ordinal);
        }

        return message;
    }

    private static WebhookDelivery Result(WebhookEndpoint endpoint, CloudEvent cloudEvent, AttemptOutcome outcome, int attempts) => new()
    {
        Endpoint = endpoint.Name,
        EventId = cloudEvent.Id,
        Delivered = outcome.Delivered,
        StatusCode = outcome.StatusCode,
        Attempts = attempts,
        Error = outcome.Reason,
    };

    private sealed record AttemptOutcome(bool Delivered, int? StatusCode, string? Reason, bool Retryable, TimeSpan? RetryAfter);
}
