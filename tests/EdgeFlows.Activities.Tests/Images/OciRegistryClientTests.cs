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

    [Fact]
    public async Task UploadBlobAsync_One503OnAChunk_RetriesAndCompletes()
    {
        await using var proxy = await RegistryProxy.StartAsync(Registry.Open);
        proxy.FailNext(r => r.Method == HttpMethods.Patch, 503);
        var client = Registry.CreateClient(proxy.Registry, options: Registry.FastRetries(ChunkSize));
        var content = TestImages.ModelContent(6, length: 2 * ChunkSize + 1);
        var repository = Registry.NewRepository("retry");

        var result = await client.UploadBlobAsync(repository, new MemoryStream(content));

        Assert.Single(proxy.Requests, r => r.Status == 503);
        Assert.Equal(content, await ReadAllAsync(await client.OpenBlobAsync(repository, result.Descriptor.Digest, content.Length)));
        Assert.Equal(content.Length + ChunkSize, result.BytesSent);
        Assert.Equal(proxy.BodyBytes, result.BytesSent);
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
