using System.Collections.Concurrent;
using System.Diagnostics.Tracing;
using Azure.Core;
using Azure.Core.Diagnostics;
using EdgeFlows.Activities.Images;
using EdgeFlows.Activities.Tests.Storage;

namespace EdgeFlows.Activities.Tests.Images;

[Collection(TokenRegistryDefinition.Name)]
public class TokenAuthenticationTests(TokenServer server)
{
    [Fact]
    public async Task PushAsync_BearerChallengeWithBasicCredentials_PushesWithOneTokenPerScope()
    {
        var client = Registry.CreateClient(Registry.TokenAuth, Registry.BasicCredentials);
        var repository = Registry.NewRepository("bearer");

        var result = await new ModelImageBuilder().PushAsync(TestImages.Request(repository, "1"), client);

        var inspect = await Skopeo.InspectAsync($"{Registry.TokenAuth}/{repository}:1", $"{Registry.User}:{Registry.Password}");
        Assert.Equal(result.ManifestDigest, inspect.GetProperty("Digest").GetString());
        var requests = server.Requests.Where(r => r.Contains(repository, StringComparison.Ordinal)).ToArray();
        Assert.Equal([$"GET token basic repository:{repository}:pull", $"GET token basic repository:{repository}:pull,push"], requests.Take(2));
        Assert.Equal(2, client.TokenRequestCount);
    }

    [Fact]
    public async Task PushAsync_OnBaseInAnotherRepository_MountsWithATokenForBothRepositories()
    {
        var client = Registry.CreateClient(Registry.TokenAuth, Registry.BasicCredentials);
        var baseImage = await TestImages.PushBaseAsync(client, Registry.NewRepository("bearer-base"));
        var repository = Registry.NewRepository("bearer-mount");

        var result = await new ModelImageBuilder().PushAsync(TestImages.Request(repository, "1", baseImage: baseImage), client);

        Assert.Equal(2, result.BlobsMounted);
        Assert.Contains(server.Requests, r => r.Contains($"repository:{repository}:pull,push repository:{baseImage.Repository}:pull", StringComparison.Ordinal));
    }

    [Fact]
    public async Task PushAsync_BearerWithLoggingOn_NoTokenOrPasswordInAnyLogLine()
    {
        var events = new ConcurrentQueue<string>();
        using var listener = new AzureEventSourceListener((e, message) => events.Enqueue(message + string.Join(' ', e.Payload ?? [])), EventLevel.Verbose);
        var logger = new CapturingLogger();
        var client = OciRegistryClient.ForRegistry(Registry.TokenAuth, Registry.BasicCredentials, Registry.FastRetries(), logger);

        await new ModelImageBuilder(logger: logger).PushAsync(TestImages.Request(Registry.NewRepository("bearer-logged"), "1"), client);

        Assert.NotEmpty(events);
        Assert.Contains(logger.Lines, line => line.StartsWith("3405 ", StringComparison.Ordinal)); // a token was obtained and logged
        Assert.All(events.Concat(logger.Lines), line =>
        {
            Assert.DoesNotContain(Registry.Password, line, StringComparison.Ordinal);
            Assert.DoesNotContain("eyJ", line, StringComparison.Ordinal); // the start of every JWT
        });
    }

    [Fact]
    public async Task PushAsync_BearerChallengeWithWrongPassword_ThrowsAuthenticationFailedWithoutTheSecret()
    {
        const string wrongPassword = "wrong-bearer-password-91c";
        var client = Registry.CreateClient(Registry.TokenAuth, RegistryCredentials.Basic(Registry.User, wrongPassword));

        var error = await Assert.ThrowsAsync<RegistryAuthenticationException>(
            () => new ModelImageBuilder().PushAsync(TestImages.Request(Registry.NewRepository("bearer-wrong"), "1"), client));

        Assert.Contains("Authentication failed", error.Message, StringComparison.Ordinal);
        Assert.Contains(Registry.TokenRealm.Authority, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(wrongPassword, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PushAsync_AnonymousBearerTokenWithoutPush_ThrowsAccessDeniedNamingTheScope()
    {
        var client = Registry.CreateClient(Registry.TokenAuth);

        var repository = Registry.NewRepository("bearer-anonymous");

        var error = await Assert.ThrowsAsync<RegistryAuthenticationException>(
            () => new ModelImageBuilder().PushAsync(TestImages.Request(repository, "1"), client));

        Assert.Equal((401, "insufficient_scope"), (error.Status, error.ErrorCode));
        // The registry names the actions in no fixed order (push,pull or pull,push).
        Assert.Contains($"anonymous credentials are not granted 'repository:{repository}:p", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PushAsync_AzureAdCredential_ExchangesItForRegistryTokens()
    {
        var credential = new StaticTokenCredential(TokenServer.AzureAdToken);
        var client = Registry.CreateClient(Registry.TokenAuth, RegistryCredentials.AzureContainerRegistry(credential));
        var repository = Registry.NewRepository("acr");

        var result = await new ModelImageBuilder().PushAsync(TestImages.Request(repository, "1"), client);

        var inspect = await Skopeo.InspectAsync($"{Registry.TokenAuth}/{repository}:1", $"{Registry.User}:{Registry.Password}");
        Assert.Equal(result.ManifestDigest, inspect.GetProperty("Digest").GetString());
        Assert.Equal([RegistryCredentials.DefaultAzureScope], credential.RequestedScopes.Distinct());
        Assert.Contains(server.Requests, r => r == $"POST exchange access_token {Registry.TokenService}");
        Assert.Contains(server.Requests, r => r == $"POST token refresh_token repository:{repository}:pull,push");
    }

    [Fact]
    public async Task PushAsync_AzureAdTokenRefusedByExchange_ThrowsAuthenticationFailed()
    {
        var client = Registry.CreateClient(Registry.TokenAuth, RegistryCredentials.AzureContainerRegistry(new StaticTokenCredential("not-accepted")));

        var error = await Assert.ThrowsAsync<RegistryAuthenticationException>(
            () => new ModelImageBuilder().PushAsync(TestImages.Request(Registry.NewRepository("acr-refused"), "1"), client));

        Assert.Contains("exchange", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("not-accepted", error.ToString(), StringComparison.Ordinal);
    }

    /// <summary>Stands in for Azure AD (not reachable here): hands out a fixed token and records the scopes asked for.</summary>
    private sealed class StaticTokenCredential(string token) : TokenCredential
    {
        public List<string> RequestedScopes { get; } = [];

        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
        {
            RequestedScopes.AddRange(requestContext.Scopes);
            return new AccessToken(token, DateTimeOffset.UtcNow.AddHours(1));
        }

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            new(GetToken(requestContext, cancellationToken));
    }
}
