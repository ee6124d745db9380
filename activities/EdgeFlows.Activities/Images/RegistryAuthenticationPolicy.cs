// Answers the registry's authentication challenges. The first 401 teaches the policy what the
// registry wants (Basic, or Bearer with a realm and service); from then on requests are
// authorized before they are sent, so large upload chunks are not sent twice. A 401 to an
// authorized request is retried once with a fresh token (it may have expired or lack a
// scope); a second 401 is left for the client to report. Authorization is only ever sent to
// the registry's own host: a redirect to blob storage gets none.
using System.Net.Http.Headers;
using System.Text;
using Azure.Core;
using Azure.Core.Pipeline;

namespace EdgeFlows.Activities.Images;

internal sealed class RegistryAuthenticationPolicy : HttpPipelinePolicy
{
    private readonly string _authority;
    private readonly RegistryCredentials _credentials;
    private readonly RegistryTokenService _tokens;
    private volatile AuthenticationChallenge? _challenge;

    public RegistryAuthenticationPolicy(Uri endpoint, RegistryCredentials credentials, RegistryTokenService tokens)
    {
        _authority = endpoint.Authority;
        _credentials = credentials;
        _tokens = tokens;
    }

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
        throw new NotSupportedException("OciRegistryClient sends its requests asynchronously only.");

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        var request = message.Request;
        request.Headers.Remove(HttpHeader.Names.Authorization);
        if (!string.Equals(request.Uri.ToUri().Authority, _authority, StringComparison.OrdinalIgnoreCase))
        {
            await ProcessNextAsync(message, pipeline).ConfigureAwait(false);
            return;
        }

        var scopes = RegistryMessageProperties.GetScopes(message);
        if (_challenge is { } known)
        {
            await AuthorizeAsync(message, known, scopes, forceNew: false).ConfigureAwait(false);
        }

        await ProcessNextAsync(message, pipeline).ConfigureAwait(false);
        if (message.Response.Status != 401)
        {
            return;
        }

        var challenge = AuthenticationChallenge.Parse(message.Response.Headers.TryGetValue("WWW-Authenticate", out var header) ? header : null);
        var wasAuthorized = request.Headers.Contains(HttpHeader.Names.Authorization);
        if (challenge is null || (challenge.IsBasic && (wasAuthorized || _credentials.Kind != RegistryCredentialKind.Basic)))
        {
            // Nothing (more) to answer with: the client reports the 401.
            return;
        }

        _challenge = challenge with { Parameters = WithoutScope(challenge.Parameters) };
        var needed = scopes.Union(challenge.Scopes, StringComparer.Ordinal).ToArray();
        await AuthorizeAsync(message, challenge, needed, forceNew: wasAuthorized).ConfigureAwait(false);
        await ProcessNextAsync(message, pipeline).ConfigureAwait(false);
    }

    private async ValueTask AuthorizeAsync(HttpMessage message, AuthenticationChallenge challenge, IReadOnlyList<string> scopes, bool forceNew)
    {
        string value;
        if (challenge.IsBasic)
        {
            if (_credentials.Kind != RegistryCredentialKind.Basic)
            {
                return;
            }

            var pair = Encoding.UTF8.GetBytes($"{_credentials.Username}:{_credentials.Password}");
            value = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(pair)).ToString();
        }
        else
        {
            var token = await _tokens.GetTokenAsync(challenge, scopes, forceNew, message.CancellationToken).ConfigureAwait(false);
            value = "Bearer " + token;
        }

        message.Request.Headers.SetValue(HttpHeader.Names.Authorization, value);
    }

    private static Dictionary<string, string> WithoutScope(IReadOnlyDictionary<string, string> parameters) =>
        parameters.Where(p => !p.Key.Equals("scope", StringComparison.OrdinalIgnoreCase))
            .ToDictionary(p => p.Key, p => p.Value, StringComparer.OrdinalIgnoreCase);
}
