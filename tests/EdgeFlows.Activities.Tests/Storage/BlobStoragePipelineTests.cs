using System.Net.Http;
using Azure.Core;
using Azure.Core.Pipeline;
using Microsoft.AspNetCore.Http;
using EdgeFlows.Activities.Storage;

namespace EdgeFlows.Activities.Tests.Storage;

/// <summary>Retries, timeouts and bearer tokens, against a stub since Azurite never throttles.</summary>
public class BlobStoragePipelineTests
{
    private static BlobStorageClientOptions FastRetries(int maxRetries)
    {
        var options = new BlobStorageClientOptions();
        options.Retry.MaxRetries = maxRetries;
        options.Retry.Delay = TimeSpan.FromMilliseconds(10);
        options.Retry.MaxDelay = TimeSpan.FromMilliseconds(50);
        return options;
    }

    private static BlobStorageClient SharedKeyClient(StubBlobService stub, BlobStorageClientOptions options) =>
        new(stub.Endpoint, new StorageSharedKeyCredential(Azurite.AccountName, Azurite.AccountKey), options);

    [Fact]
    public async Task GetProperties_TwoThrottledAnswers_RetriesAndSucceedsSigningEachTry()
    {
        await using var stub = await StubBlobService.StartAsync((n, context) =>
            n <= 2 ? StubBlobService.RespondServerBusyAsync(context) : StubBlobService.RespondWithPropertiesAsync(context));

        var properties = await SharedKeyClient(stub, FastRetries(3)).GetPropertiesAsync("data", "blob.csv");

        Assert.Equal("\"0x8DC0FFEE\"", properties.ETag.ToString("H"));
        var requests = stub.Requests.ToArray();
        Assert.Equal(3, requests.Length);
        Assert.All(requests, r => Assert.StartsWith("SharedKey devstoreaccount1:", r.Authorization.ToString(), StringComparison.Ordinal));
        Assert.All(requests, r => Assert.Equal("2019-07-07", r["x-ms-version"].ToString()));
    }

    [Fact]
    public async Task GetProperties_AlwaysThrottled_ThrowsServerBusyAfterRetries()
    {
        await using var stub = await StubBlobService.StartAsync((_, context) => StubBlobService.RespondServerBusyAsync(context));

        var error = await Assert.ThrowsAsync<BlobStorageException>(() => SharedKeyClient(stub, FastRetries(2)).GetPropertiesAsync("data", "blob.csv"));

        Assert.Equal(503, error.Status);
        Assert.Equal("ServerBusy", error.ErrorCode);
        Assert.Equal(3, stub.Requests.Count);
    }

    [Fact]
    public async Task ListBlobs_AzureStyleAuthenticationFailedBody_ReadsCodeAndDropsSignatureDetail()
    {
        const string echoedSignature = "c2lnbmF0dXJlLXRoYXQtbXVzdC1ub3QtbGVhaw==";
        await using var stub = await StubBlobService.StartAsync(async (_, context) =>
        {
            context.Response.StatusCode = 403;
            context.Response.ContentType = "application/xml";
            await context.Response.WriteAsync(
                "<?xml version=\"1.0\" encoding=\"utf-8\"?><Error><Code>AuthenticationFailed</Code>" +
                "<Message>Server failed to authenticate the request.\nRequestId:1234\nTime:2024-01-01T00:00:00Z</Message>" +
                $"<AuthenticationErrorDetail>The MAC signature found in the HTTP request '{echoedSignature}' is not the same as any computed signature.</AuthenticationErrorDetail></Error>");
        });

        var error = await Assert.ThrowsAsync<BlobStorageException>(() => SharedKeyClient(stub, FastRetries(0)).ListBlobsPageAsync("data"));

        Assert.Equal(BlobErrorCode.AuthenticationFailed, error.ErrorCode);
        Assert.True(error.IsAuthenticationFailure);
        Assert.Equal("Blob storage list blobs of 'data' failed with 403 AuthenticationFailed: Server failed to authenticate the request.", error.Message);
        Assert.DoesNotContain(echoedSignature, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetProperties_ServerHangsPastNetworkTimeout_ThrowsInsteadOfWaiting()
    {
        await using var stub = await StubBlobService.StartAsync(async (_, context) =>
        {
            await Task.Delay(TimeSpan.FromSeconds(10), context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
        });
        var options = FastRetries(0);
        options.Retry.NetworkTimeout = TimeSpan.FromMilliseconds(300);
        var started = DateTime.UtcNow;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => SharedKeyClient(stub, options).GetPropertiesAsync("data", "blob.csv"));

        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Requests_ConfiguredServiceVersion_SendsIt()
    {
        await using var stub = await StubBlobService.StartAsync((_, context) => StubBlobService.RespondWithPropertiesAsync(context));
        var options = FastRetries(0);
        options.ServiceVersion = "2018-03-28";

        await SharedKeyClient(stub, options).GetPropertiesAsync("data", "blob.csv");

        Assert.Equal("2018-03-28", Assert.Single(stub.Requests)["x-ms-version"].ToString());
    }

    [Fact]
    public async Task TokenCredentialClient_OverHttps_SendsBearerTokenForStorageScope()
    {
        await using var stub = await StubBlobService.StartAsync((_, context) => StubBlobService.RespondWithPropertiesAsync(context), https: true);
        var credential = new FixedTokenCredential("edge-token");
        var thumbprint = stub.Certificate!.Thumbprint;
        using var handler = new HttpClientHandler
        {
            // Trust exactly the stub's throwaway certificate, nothing else.
            ServerCertificateCustomValidationCallback = (_, certificate, _, _) => certificate?.Thumbprint == thumbprint,
        };
        var options = FastRetries(0);
        options.Transport = new HttpClientTransport(handler);

        await new BlobStorageClient(stub.Endpoint, credential, options).GetPropertiesAsync("data", "blob.csv");

        Assert.Equal("Bearer edge-token", Assert.Single(stub.Requests).Authorization.ToString());
        Assert.Equal(["https://storage.azure.com/.default"], credential.Scopes);
    }

    private sealed class FixedTokenCredential(string token) : TokenCredential
    {
        public string[] Scopes { get; private set; } = [];

        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
        {
            Scopes = requestContext.Scopes;
            return new AccessToken(token, DateTimeOffset.UtcNow.AddHours(1));
        }

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            ValueTask.FromResult(GetToken(requestContext, cancellationToken));
    }
}
