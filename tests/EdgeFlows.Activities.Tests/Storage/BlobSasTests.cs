using EdgeFlows.Activities.Storage;

namespace EdgeFlows.Activities.Tests.Storage;

/// <summary>SAS URLs this client generates, used by curl as a training job would, and SAS tokens given in connection strings.</summary>
public class BlobSasTests(ContainerFixture fixture) : IClassFixture<ContainerFixture>
{
    private static readonly DateTimeOffset InAnHour = DateTimeOffset.UtcNow.AddHours(1);

    private readonly BlobStorageClient _client = fixture.Client;
    private readonly string _container = fixture.Container;

    [Fact]
    public async Task GenerateBlobSasUri_ReadOnly_CurlDownloadsButCannotUpload()
    {
        var data = TestData.Bytes(3000, seed: 11);
        await TestData.UploadAsync(_client, _container, "sas/input data.csv", data);
        var url = _client.GenerateBlobSasUri(_container, "sas/input data.csv", BlobSasPermissions.Read, InAnHour);

        var (status, body) = await Curl.GetAsync(url);
        var putStatus = await Curl.PutBlockBlobAsync(url, TestData.Utf8("overwrite"));

        Assert.Contains("sr=b", url.Query, StringComparison.Ordinal);
        Assert.Contains("sp=r&", url.Query, StringComparison.Ordinal);
        Assert.Equal(200, status);
        Assert.Equal(data, body);
        Assert.Equal(403, putStatus);
        Assert.Equal(data, await TestData.DownloadBytesAsync(_client, _container, "sas/input data.csv"));
    }

    [Fact]
    public async Task GenerateBlobSasUri_CreateWrite_CurlUploadsButCannotRead()
    {
        var data = TestData.Bytes(2048, seed: 12);
        var url = _client.GenerateBlobSasUri(_container, "sas/model.onnx", BlobSasPermissions.Create | BlobSasPermissions.Write, InAnHour);

        var putStatus = await Curl.PutBlockBlobAsync(url, data);
        var (getStatus, _) = await Curl.GetAsync(url);

        Assert.Contains("sp=cw&", url.Query, StringComparison.Ordinal);
        Assert.Equal(201, putStatus);
        Assert.Equal(403, getStatus);
        Assert.Equal(data, await TestData.DownloadBytesAsync(_client, _container, "sas/model.onnx"));
    }

    [Fact]
    public async Task GenerateBlobSasUri_ForOneBlob_DoesNotOpenAnother()
    {
        await TestData.UploadAsync(_client, _container, "sas/one", TestData.Utf8("1"));
        await TestData.UploadAsync(_client, _container, "sas/other", TestData.Utf8("2"));
        var url = _client.GenerateBlobSasUri(_container, "sas/one", BlobSasPermissions.Read, InAnHour);

        var (status, _) = await Curl.GetAsync(new Uri(url.AbsoluteUri.Replace("sas/one?", "sas/other?", StringComparison.Ordinal)));

        Assert.Equal(403, status);
    }

    [Fact]
    public async Task GenerateContainerSasUri_Read_CurlDownloadsAnyBlobInContainer()
    {
        await TestData.UploadAsync(_client, _container, "sas/prefix/a.csv", TestData.Utf8("a"));
        await TestData.UploadAsync(_client, _container, "sas/prefix/b.csv", TestData.Utf8("b"));
        var containerUrl = _client.GenerateContainerSasUri(_container, BlobSasPermissions.Read, InAnHour, DateTimeOffset.UtcNow.AddMinutes(-5));

        var a = await Curl.GetAsync(WithBlob(containerUrl, "sas/prefix/a.csv"));
        var b = await Curl.GetAsync(WithBlob(containerUrl, "sas/prefix/b.csv"));
        var put = await Curl.PutBlockBlobAsync(WithBlob(containerUrl, "sas/prefix/c.csv"), TestData.Utf8("c"));

        Assert.Contains("sr=c", containerUrl.Query, StringComparison.Ordinal);
        Assert.Contains("st=", containerUrl.Query, StringComparison.Ordinal);
        Assert.Equal((200, "a"), (a.Status, System.Text.Encoding.UTF8.GetString(a.Body)));
        Assert.Equal((200, "b"), (b.Status, System.Text.Encoding.UTF8.GetString(b.Body)));
        Assert.Equal(403, put);
    }

    [Fact]
    public async Task GenerateBlobSasUri_Expired_CurlIsRefused()
    {
        await TestData.UploadAsync(_client, _container, "sas/expired", TestData.Utf8("x"));
        var url = _client.GenerateBlobSasUri(_container, "sas/expired", BlobSasPermissions.Read,
            DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddMinutes(-10));

        var (status, _) = await Curl.GetAsync(url);

        Assert.Equal(403, status);
    }

    [Fact]
    public void GenerateBlobSasUri_Logged_NeverLogsSignature()
    {
        var logger = new CapturingLogger();
        var client = Azurite.CreateClient(logger: logger);

        var url = client.GenerateBlobSasUri(_container, "sas/logged", BlobSasPermissions.Read, InAnHour);

        var signature = System.Web.HttpUtility.ParseQueryString(url.Query)["sig"]!;
        var line = Assert.Single(logger.Lines);
        Assert.Contains("sas/logged", line, StringComparison.Ordinal);
        Assert.DoesNotContain(signature, line, StringComparison.Ordinal);
        Assert.DoesNotContain(Uri.EscapeDataString(signature), line, StringComparison.Ordinal);
        Assert.DoesNotContain("sig=", line, StringComparison.Ordinal);
    }

    [Fact]
    public void GenerateBlobSasUri_NoPermissions_Throws()
    {
        Assert.Throws<ArgumentException>(() => _client.GenerateBlobSasUri(_container, "x", BlobSasPermissions.None, InAnHour));
    }

    [Fact]
    public async Task ConnectionStringWithAccountSas_AllOperations_Work()
    {
        var client = new BlobStorageClient($"BlobEndpoint={Azurite.BlobEndpoint};SharedAccessSignature={AccountSas.Create("rwdlac", InAnHour)}");
        var container = Azurite.NewContainerName("acctsas");

        Assert.True(await client.CreateContainerIfNotExistsAsync(container));
        await TestData.UploadAsync(client, container, "a.txt", TestData.Utf8("via account sas"));
        var page = await client.ListBlobsPageAsync(container, new BlobListOptions { IncludeMetadata = true });
        var bytes = await TestData.DownloadBytesAsync(client, container, "a.txt");
        await client.DeleteAsync(container, "a.txt");
        Assert.True(await client.DeleteContainerIfExistsAsync(container));

        Assert.Equal("a.txt", Assert.Single(page.Blobs).Name);
        Assert.Equal(TestData.Utf8("via account sas"), bytes);
        Assert.False(client.CanGenerateSasUri);
        Assert.Throws<InvalidOperationException>(() => client.GenerateBlobSasUri(container, "a.txt", BlobSasPermissions.Read, InAnHour));
    }

    [Fact]
    public async Task ConnectionStringWithReadOnlyAccountSas_Upload_ThrowsAuthorizationError()
    {
        var client = new BlobStorageClient($"BlobEndpoint={Azurite.BlobEndpoint};SharedAccessSignature={AccountSas.Create("rl", InAnHour)}");

        var error = await Assert.ThrowsAsync<BlobStorageException>(() => TestData.UploadAsync(client, _container, "denied.txt", TestData.Utf8("x")));

        Assert.Equal(403, error.Status);
        Assert.DoesNotContain("sig=", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConnectionStringWithServiceSas_ReadsAndListsContainer()
    {
        await TestData.UploadAsync(_client, _container, "svc-sas/a.txt", TestData.Utf8("a"));
        var token = _client.GenerateContainerSasUri(_container, BlobSasPermissions.Read | BlobSasPermissions.List, InAnHour).Query.TrimStart('?');
        var client = new BlobStorageClient($"BlobEndpoint={Azurite.BlobEndpoint};SharedAccessSignature={token}");

        var page = await client.ListBlobsPageAsync(_container, new BlobListOptions { Prefix = "svc-sas/" });
        var bytes = await TestData.DownloadBytesAsync(client, _container, "svc-sas/a.txt");

        Assert.Equal("svc-sas/a.txt", Assert.Single(page.Blobs).Name);
        Assert.Equal(TestData.Utf8("a"), bytes);
    }

    private static Uri WithBlob(Uri containerSasUrl, string blobName) =>
        new($"{containerSasUrl.GetLeftPart(UriPartial.Path)}/{string.Join('/', blobName.Split('/').Select(Uri.EscapeDataString))}{containerSasUrl.Query}");
}
