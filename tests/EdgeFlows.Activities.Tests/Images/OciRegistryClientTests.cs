using EdgeFlows.Activities.Images;
using Microsoft.AspNetCore.Http;

namespace EdgeFlows.Activities.Tests.Images;

public class OciRegistryClientTests
{
    private const int ChunkSize = 4096;

    [Fact]
    public async Task UploadBlobAsync_LargerThanAChunk_SendsPatchesThenPutWithDigestComputedWhileStreaming()
    {
        await using var proxy = await RegistryProxy.StartAsync(Registry.Open);
        var client = Registry.CreateClient(proxy.Registry, options: Registry.FastRetries(ChunkSize));
        var content = TestImages.ModelContent(5, length: 3 * ChunkSize + 100);
        var repository = Registry.NewRepository("chunks");

        var result = await client.UploadBlobAsync(repository, new MemoryStream(content));

        Assert.Equal(Digest(content), result.Descriptor.Digest);
        Assert.Equal(3, proxy.Requests.Count(r => r.Method == "PATCH" && r.BodyBytes == ChunkSize));
        Assert.Equal(100, proxy.Requests.Single(r => r.Method == "PUT").BodyBytes);
        Assert.Equal(content.Length, result.BytesSent);
        Assert.True(await client.BlobExistsAsync(repository, result.Descriptor.Digest));
    }

    [Fact]
    public async Task UploadBlobAsync_SmallerThanAChunk_SendsOnePut()
    {
        await using var proxy = await RegistryProxy.StartAsync(Registry.Open);
        var client = Registry.CreateClient(proxy.Registry, options: Registry.FastRetries(ChunkSize));

        await client.UploadBlobAsync(Registry.NewRepository("mono"), new MemoryStream(new byte[100]));

        Assert.Equal(["POST", "PUT"], proxy.Requests.Select(r => r.Method));
    }

    [Theory]
    [InlineData(503)]
    [InlineData(502)]
    [InlineData(429)]
    public async Task UploadBlobAsync_OneRetriableStatusOnAChunk_RetriesAndCompletes(int status)
    {
        await using var proxy = await RegistryProxy.StartAsync(Registry.Open);
        proxy.FailNext(r => r.Method == HttpMethods.Patch, status);
        var client = Registry.CreateClient(proxy.Registry, options: Registry.FastRetries(ChunkSize));
        var content = TestImages.ModelContent(6, length: 2 * ChunkSize + 1);
        var repository = Registry.NewRepository("retry");

        var result = await client.UploadBlobAsync(repository, new MemoryStream(content));

        Assert.Single(proxy.Requests, r => r.Status == status);
        Assert.Equal(content, await ReadAllAsync(await client.OpenBlobAsync(repository, result.Descriptor.Digest, content.Length)));
        Assert.Equal(content.Length + ChunkSize, result.BytesSent);
        Assert.Equal(proxy.BodyBytes, result.BytesSent);
    }

    [Fact]
    public async Task UploadBlobAsync_ChunkArrivedButAnswerLost_UploadsSeekableContentAgain()
    {
        await using var proxy = await RegistryProxy.StartAsync(Registry.Open);
        proxy.LoseAnswerOfNext(r => r.Method == HttpMethods.Patch, 503);
        var client = Registry.CreateClient(proxy.Registry, options: Registry.FastRetries(ChunkSize));
        var content = TestImages.ModelContent(7, length: 3 * ChunkSize + 10);
        var repository = Registry.NewRepository("lost-patch");

        var result = await client.UploadBlobAsync(repository, new MemoryStream(content));

        Assert.Equal(content, await ReadAllAsync(await client.OpenBlobAsync(repository, result.Descriptor.Digest, content.Length)));
        Assert.Contains(proxy.Requests, r => r.Method == "PATCH" && r.Status == 404); // docker-registry dropped the session
        Assert.Equal(proxy.BodyBytes, result.BytesSent);
    }

    [Fact]
    public async Task UploadBlobAsync_UnseekableContentAndLostSession_ThrowsTheRegistryError()
    {
        await using var proxy = await RegistryProxy.StartAsync(Registry.Open);
        proxy.LoseAnswerOfNext(r => r.Method == HttpMethods.Patch, 503);
        var client = Registry.CreateClient(proxy.Registry, options: Registry.FastRetries(ChunkSize));

        var error = await Assert.ThrowsAsync<OciRegistryException>(
            () => client.UploadBlobAsync(Registry.NewRepository("lost-unseekable"), new UnseekableStream(TestImages.ModelContent(7, 3 * ChunkSize))));

        Assert.Equal("BLOB_UPLOAD_INVALID", error.ErrorCode);
    }

    [Fact]
    public async Task PushAsync_BaseCopyLosesItsUploadSession_DownloadsAndUploadsTheLayerAgain()
    {
        var baseImage = await TestImages.PushBaseAsync(Registry.CreateClient(Registry.Open), Registry.NewRepository("base"));
        await using var proxy = await RegistryProxy.StartAsync(Registry.Open);
        proxy.LoseAnswerOfNext(r => r.Method == HttpMethods.Patch, 503);
        var target = Registry.CreateClient(proxy.Registry, options: Registry.FastRetries(ChunkSize));
        var repository = Registry.NewRepository("lost-copy");

        var result = await new ModelImageBuilder().PushAsync(
            TestImages.Request(repository, "1", baseImage: baseImage), target, baseRegistry: Registry.CreateClient(Registry.Open));

        var inspect = await Skopeo.InspectAsync($"{Registry.Open}/{repository}:1");
        Assert.Equal(3, inspect.GetProperty("Layers").GetArrayLength());
        Assert.Equal(proxy.BodyBytes, result.BytesUploaded);
        Assert.Contains(proxy.Requests, r => r.Method == "PATCH" && r.Status == 404);
    }

    [Fact]
    public async Task UploadBlobAsync_FinalPutArrivedButAnswerLost_Succeeds()
    {
        await using var proxy = await RegistryProxy.StartAsync(Registry.Open);
        proxy.LoseAnswerOfNext(r => r.Method == HttpMethods.Put, 503);
        var client = Registry.CreateClient(proxy.Registry, options: Registry.FastRetries(ChunkSize));
        var content = TestImages.ModelContent(8, length: ChunkSize + 10);
        var repository = Registry.NewRepository("lost-put");

        var result = await client.UploadBlobAsync(repository, new MemoryStream(content));

        Assert.Equal(Digest(content), result.Descriptor.Digest);
        Assert.True(await client.BlobExistsAsync(repository, result.Descriptor.Digest));
    }

    [Fact]
    public async Task PushAsync_One503OnManifest_RetriesAndPushes()
    {
        await using var proxy = await RegistryProxy.StartAsync(Registry.Open);
        proxy.FailNext(r => r.Method == HttpMethods.Put && r.Path.Value!.Contains("/manifests/", StringComparison.Ordinal), 503);
        var repository = Registry.NewRepository("retry-manifest");

        var result = await new ModelImageBuilder().PushAsync(TestImages.Request(repository, "1"), Registry.CreateClient(proxy.Registry));

        Assert.Single(proxy.Requests, r => r.Status == 503);
        Assert.Equal(result.ManifestDigest, (await Skopeo.InspectAsync($"{Registry.Open}/{repository}:1")).GetProperty("Digest").GetString());
    }

    [Fact]
    public async Task BlobExistsAsync_RegistryNeverAnswers_GivesUpAfterTheCallTimeout()
    {
        await using var proxy = await RegistryProxy.StartAsync(Registry.Open);
        proxy.HangNext(r => r.Method == HttpMethods.Head);
        proxy.HangNext(r => r.Method == HttpMethods.Head);
        var options = Registry.FastRetries();
        options.Retry.NetworkTimeout = TimeSpan.FromMilliseconds(500);
        options.Retry.MaxRetries = 1;
        var client = Registry.CreateClient(proxy.Registry, options: options);

        var error = await Assert.ThrowsAsync<OciRegistryException>(() => client.BlobExistsAsync(Registry.NewRepository("hang"), Digest([1])));

        Assert.Equal(0, error.Status);
        Assert.Contains($"The registry {proxy.Registry} could not be reached for the blob check", error.Message, StringComparison.Ordinal);
        Assert.Contains("after 2 tries: no answer within the 00:00:00.5000000 call timeout", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, proxy.Requests.Count);
    }

    [Fact]
    public async Task PushAsync_RegistryUnreachable_ThrowsSayingSo()
    {
        var client = Registry.CreateClient("127.0.0.1:1");

        var error = await Assert.ThrowsAsync<OciRegistryException>(() => new ModelImageBuilder().PushAsync(TestImages.Request("models/churn", "1"), client));

        Assert.Contains("The registry 127.0.0.1:1 could not be reached", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenBlobAsync_RedirectToStorage_FollowsWithoutSendingCredentials()
    {
        var content = new byte[] { 7, 8, 9 };
        await using var storage = await StubServer.StartAsync(context => context.Response.Body.WriteAsync(content).AsTask());
        await using var registry = await StubServer.StartAsync(context =>
        {
            if (context.Request.Headers.Authorization.Count == 0)
            {
                context.Response.StatusCode = 401;
                context.Response.Headers.WWWAuthenticate = "Basic realm=\"stub\"";
                return Task.CompletedTask;
            }

            context.Response.StatusCode = 307;
            context.Response.Headers.Location = new Uri(storage.Endpoint, "/blobs/data?sig=x").ToString();
            return Task.CompletedTask;
        });
        var client = Registry.CreateClient(registry.Endpoint.Authority, RegistryCredentials.Basic("ci", "stub-password"));

        var read = await ReadAllAsync(await client.OpenBlobAsync("repo", Digest(content), content.Length));

        Assert.Equal(content, read);
        Assert.Equal(["GET /blobs/data"], storage.Requests);
        Assert.StartsWith("GET /v2/repo/blobs/sha256:", registry.Requests.Last(), StringComparison.Ordinal);
        Assert.Contains("Basic ", registry.Requests.Last(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckAccessAsync_WrongPassword_ThrowsAuthenticationFailed()
    {
        var client = Registry.CreateClient(Registry.BasicAuth, RegistryCredentials.Basic(Registry.User, "wrong-password"));

        await Assert.ThrowsAsync<RegistryAuthenticationException>(() => client.CheckAccessAsync("models/churn"));
    }

    [Fact]
    public async Task CheckAccessAsync_RightPassword_Succeeds()
    {
        var client = Registry.CreateClient(Registry.BasicAuth, Registry.BasicCredentials);

        await client.CheckAccessAsync("models/churn");

        Assert.Equal(0, client.TokenRequestCount);
    }

    [Fact]
    public async Task UploadBlobAsync_ContentNotMatchingExpectedDigest_ThrowsAndStoresNothing()
    {
        var client = Registry.CreateClient(Registry.Open);
        var repository = Registry.NewRepository("mismatch");
        var content = new byte[] { 1, 2, 3 };
        var claimed = Digest([4, 5, 6]);

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => client.UploadBlobAsync(repository, new MemoryStream(content), claimed));

        Assert.Contains(claimed, error.Message, StringComparison.Ordinal);
        Assert.False(await client.BlobExistsAsync(repository, Digest(content)));
        Assert.False(await client.BlobExistsAsync(repository, claimed));
    }

    [Fact]
    public async Task OpenBlobAsync_WrongExpectedSize_ThrowsAtTheEnd()
    {
        var client = Registry.CreateClient(Registry.Open);
        var repository = Registry.NewRepository("size");
        var uploaded = await client.UploadBlobAsync(repository, new byte[] { 1, 2, 3 });

        var stream = await client.OpenBlobAsync(repository, uploaded.Descriptor.Digest, expectedSize: 4);

        await Assert.ThrowsAsync<InvalidDataException>(() => ReadAllAsync(stream));
    }

    [Fact]
    public async Task TryMountBlobAsync_BlobNotInSourceRepository_ReturnsFalse()
    {
        var client = Registry.CreateClient(Registry.Open);

        var mounted = await client.TryMountBlobAsync(Registry.NewRepository("to"), Digest([9, 9]), Registry.NewRepository("from"));

        Assert.False(mounted);
    }

    [Fact]
    public async Task GetManifestDigestAsync_UnknownTag_ReturnsNull()
    {
        Assert.Null(await Registry.CreateClient(Registry.Open).GetManifestDigestAsync(Registry.NewRepository("none"), "1"));
    }

    [Fact]
    public void Constructor_PlainHttpToAnotherMachine_ThrowsUnlessAllowed()
    {
        var error = Assert.Throws<ArgumentException>(() => new OciRegistryClient(new Uri("http://registry.example")));

        Assert.Contains("plain http", error.Message, StringComparison.Ordinal);
        Assert.Equal("registry.example", new OciRegistryClient(new Uri("http://registry.example"), options: new OciRegistryClientOptions { AllowInsecureHttp = true }).Registry);
    }

    [Fact]
    public void ForRegistry_RemoteHost_UsesHttps()
    {
        Assert.Equal(new Uri("https://registry.example:8443"), OciRegistryClient.ForRegistry("registry.example:8443").Endpoint);
    }

    [Fact]
    public async Task BlobExistsAsync_InvalidRepository_ThrowsNamingIt()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => Registry.CreateClient(Registry.Open).BlobExistsAsync("Bad Repo", Digest([1])));

        Assert.Contains("'Bad Repo'", error.Message, StringComparison.Ordinal);
    }

    private sealed class UnseekableStream(byte[] content) : MemoryStream(content)
    {
        public override bool CanSeek => false;
    }

    internal static string Digest(byte[] content) => "sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(content));

    private static async Task<byte[]> ReadAllAsync(Stream stream)
    {
        await using (stream)
        {
            using var memory = new MemoryStream();
            await stream.CopyToAsync(memory);
            return memory.ToArray();
        }
    }
}
