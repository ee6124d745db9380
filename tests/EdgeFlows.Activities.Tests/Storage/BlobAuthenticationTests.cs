using EdgeFlows.Activities.Storage;

namespace EdgeFlows.Activities.Tests.Storage;

/// <summary>Shared Key and typed errors against Azurite, which checks every signature.</summary>
public class BlobAuthenticationTests(ContainerFixture fixture) : IClassFixture<ContainerFixture>
{
    private const string WrongKey = "V3JvbmdLZXlXcm9uZ0tleVdyb25nS2V5V3JvbmdLZXlXcm9uZ0tleVdyb25nS2V5V3Jvbmc=";

    private readonly BlobStorageClient _client = fixture.Client;
    private readonly string _container = fixture.Container;

    [Fact]
    public async Task SharedKey_ListUploadPropertiesDelete_AllAccepted()
    {
        var client = new BlobStorageClient(Azurite.BlobEndpoint, new StorageSharedKeyCredential(Azurite.AccountName, Azurite.AccountKey));

        await TestData.UploadAsync(client, _container, "shared-key/a b.txt", TestData.Utf8("a"));
        var listed = await client.ListBlobsPageAsync(_container, new BlobListOptions { Prefix = "shared-key/", IncludeMetadata = true, PageSize = 10 });
        await client.GetPropertiesAsync(_container, "shared-key/a b.txt");
        await client.DeleteAsync(_container, "shared-key/a b.txt");

        Assert.Single(listed.Blobs);
    }

    [Fact]
    public async Task SharedKey_WrongKey_ThrowsAuthenticationFailureWithoutKeyInMessage()
    {
        var client = new BlobStorageClient($"DefaultEndpointsProtocol=http;AccountName={Azurite.AccountName};AccountKey={WrongKey};BlobEndpoint={Azurite.BlobEndpoint}");

        var error = await Assert.ThrowsAsync<BlobStorageException>(() => client.ListBlobsPageAsync(_container));

        // Azure says AuthenticationFailed; Azurite says AuthorizationFailure for the same refusal.
        Assert.True(error.IsAuthenticationFailure, $"403 AuthenticationFailed/AuthorizationFailure expected, got {error.Status} {error.ErrorCode}");
        Assert.Contains("Server failed to authenticate the request", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(WrongKey, error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Azurite.AccountKey, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SharedKey_WrongKeyOnHead_StillReadsErrorCodeFromHeader()
    {
        var client = new BlobStorageClient($"AccountName={Azurite.AccountName};AccountKey={WrongKey};BlobEndpoint={Azurite.BlobEndpoint}");

        var error = await Assert.ThrowsAsync<BlobStorageException>(() => client.GetPropertiesAsync(_container, "anything"));

        Assert.True(error.IsAuthenticationFailure, $"got {error.Status} {error.ErrorCode}");
    }

    [Fact]
    public async Task GetProperties_MissingBlob_ThrowsBlobNotFound()
    {
        var error = await Assert.ThrowsAsync<BlobStorageException>(() => _client.GetPropertiesAsync(_container, "no/such/blob"));

        Assert.Equal(404, error.Status);
        Assert.Equal(BlobErrorCode.BlobNotFound, error.ErrorCode);
        Assert.True(error.IsBlobNotFound);
        Assert.Contains($"{_container}/no/such/blob", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Download_MissingBlob_ThrowsBlobNotFoundWithServiceMessage()
    {
        var error = await Assert.ThrowsAsync<BlobStorageException>(() => _client.DownloadAsync(_container, "missing.bin"));

        Assert.Equal(BlobErrorCode.BlobNotFound, error.ErrorCode);
        Assert.Contains("does not exist", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Delete_MissingBlob_ThrowsBlobNotFound()
    {
        var error = await Assert.ThrowsAsync<BlobStorageException>(() => _client.DeleteAsync(_container, "missing.bin"));

        Assert.Equal(BlobErrorCode.BlobNotFound, error.ErrorCode);
    }

    [Fact]
    public async Task Upload_MissingContainer_ThrowsContainerNotFound()
    {
        var error = await Assert.ThrowsAsync<BlobStorageException>(() =>
            TestData.UploadAsync(_client, Azurite.NewContainerName("absent"), "x", TestData.Utf8("x")));

        Assert.Equal(BlobErrorCode.ContainerNotFound, error.ErrorCode);
    }

    [Theory]
    [InlineData("a/../b")]
    [InlineData("./b")]
    [InlineData("")]
    public async Task GetProperties_InvalidBlobName_ThrowsArgumentException(string blobName)
    {
        await Assert.ThrowsAnyAsync<ArgumentException>(() => _client.GetPropertiesAsync(_container, blobName));
    }

    [Theory]
    [InlineData("UPPER")]
    [InlineData("a")]
    [InlineData("double--hyphen")]
    [InlineData("-leading")]
    public async Task CreateContainer_InvalidName_ThrowsArgumentException(string containerName)
    {
        await Assert.ThrowsAsync<ArgumentException>(() => _client.CreateContainerIfNotExistsAsync(containerName));
    }
}
