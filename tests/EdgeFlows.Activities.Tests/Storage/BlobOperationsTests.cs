using Azure;
using EdgeFlows.Activities.Storage;

namespace EdgeFlows.Activities.Tests.Storage;

public class BlobOperationsTests(ContainerFixture fixture) : IClassFixture<ContainerFixture>
{
    private readonly BlobStorageClient _client = fixture.Client;
    private readonly string _container = fixture.Container;

    [Fact]
    public async Task CreateContainerIfNotExists_NewThenExisting_ReturnsTrueThenFalse()
    {
        var container = Azurite.NewContainerName("create");
        try
        {
            Assert.True(await _client.CreateContainerIfNotExistsAsync(container));
            Assert.False(await _client.CreateContainerIfNotExistsAsync(container));
        }
        finally
        {
            Assert.True(await _client.DeleteContainerIfExistsAsync(container));
        }

        Assert.False(await _client.DeleteContainerIfExistsAsync(container));
    }

    [Fact]
    public async Task UploadThenDownload_SharedKey_RoundTripsContent()
    {
        var data = TestData.Utf8("training data, row 1\n");

        await TestData.UploadAsync(_client, _container, "round-trip.csv", data);

        Assert.Equal(data, await TestData.DownloadBytesAsync(_client, _container, "round-trip.csv"));
    }

    [Theory]
    [InlineData("training-data/cats & dogs/ä ö + 100%.csv")]
    [InlineData("deep/a/b/c/d/e/f/name with spaces")]
    [InlineData("semi;colon,comma=equals?question#hash")]
    public async Task UploadThenDownload_NameNeedingEncoding_SignsAndRoundTrips(string blobName)
    {
        var data = TestData.Utf8(blobName);

        await TestData.UploadAsync(_client, _container, blobName, data);

        Assert.Equal(data, await TestData.DownloadBytesAsync(_client, _container, blobName));
        var listed = await _client.ListBlobsAsync(_container, new BlobListOptions { Prefix = blobName }).ToListAsync();
        Assert.Equal(blobName, Assert.Single(listed).Name);
    }

    [Fact]
    public async Task GetProperties_AfterUpload_ReportsETagLengthMd5TypeAndMetadata()
    {
        var data = TestData.Bytes(1000);
        var before = DateTimeOffset.UtcNow.AddMinutes(-1);
        var upload = await TestData.UploadAsync(_client, _container, "props.bin", data, new BlobUploadOptions
        {
            ContentType = "application/x-parquet",
            Metadata = new Dictionary<string, string> { ["dataset"] = "cats", ["rows"] = "1000" },
        });

        var properties = await _client.GetPropertiesAsync(_container, "props.bin");

        Assert.Equal(upload.ETag, properties.ETag);
        Assert.Equal(1000, properties.ContentLength);
        Assert.Equal(TestData.MD5Base64(data), properties.ContentMD5);
        Assert.Equal(upload.ContentMD5, properties.ContentMD5);
        Assert.Equal("application/x-parquet", properties.ContentType);
        Assert.InRange(properties.LastModified, before, DateTimeOffset.UtcNow.AddMinutes(1));
        Assert.Equal("cats", properties.Metadata["dataset"]);
        Assert.Equal("1000", properties.Metadata["Rows"]);
    }

    [Fact]
    public async Task Download_ExistingBlob_ReturnsPropertiesWithStream()
    {
        var data = TestData.Bytes(70_000, seed: 7);
        var upload = await TestData.UploadAsync(_client, _container, "download.bin", data);

        await using var download = await _client.DownloadAsync(_container, "download.bin");
        using var copy = new MemoryStream();
        await download.Content.CopyToAsync(copy);

        Assert.Equal(upload.ETag, download.Properties.ETag);
        Assert.Equal(data.Length, download.Properties.ContentLength);
        Assert.Equal(data, copy.ToArray());
    }

    [Fact]
    public async Task SetMetadata_ExistingBlob_ReplacesMetadataAndChangesETag()
    {
        var upload = await TestData.UploadAsync(_client, _container, "meta.txt", TestData.Utf8("x"), new BlobUploadOptions
        {
            Metadata = new Dictionary<string, string> { ["old"] = "1" },
        });

        var etag = await _client.SetMetadataAsync(_container, "meta.txt", new Dictionary<string, string> { ["model_version"] = "7" });

        var properties = await _client.GetPropertiesAsync(_container, "meta.txt");
        Assert.NotEqual(upload.ETag, etag);
        Assert.Equal(etag, properties.ETag);
        Assert.Equal("7", properties.Metadata["model_version"]);
        Assert.False(properties.Metadata.ContainsKey("old"));
    }

    [Fact]
    public async Task SetMetadata_StaleIfMatch_ThrowsConditionNotMet()
    {
        await TestData.UploadAsync(_client, _container, "meta-stale.txt", TestData.Utf8("x"));

        var error = await Assert.ThrowsAsync<BlobStorageException>(() => _client.SetMetadataAsync(
            _container, "meta-stale.txt", new Dictionary<string, string> { ["a"] = "b" },
            new BlobRequestConditions { IfMatch = new ETag("\"0x8D0000000000000\"") }));

        Assert.Equal(412, error.Status);
        Assert.Equal(BlobErrorCode.ConditionNotMet, error.ErrorCode);
    }

    [Fact]
    public async Task SetMetadata_NameNotIdentifier_ThrowsBeforeSending()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() =>
            _client.SetMetadataAsync(_container, "any", new Dictionary<string, string> { ["not-valid"] = "x" }));

        Assert.Contains("not-valid", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Delete_ExistingBlob_RemovesIt()
    {
        await TestData.UploadAsync(_client, _container, "delete-me.txt", TestData.Utf8("x"));

        await _client.DeleteAsync(_container, "delete-me.txt");

        var error = await Assert.ThrowsAsync<BlobStorageException>(() => _client.GetPropertiesAsync(_container, "delete-me.txt"));
        Assert.True(error.IsBlobNotFound);
    }

    [Fact]
    public async Task Delete_IfMatchCurrentETag_Deletes()
    {
        var upload = await TestData.UploadAsync(_client, _container, "delete-if-match.txt", TestData.Utf8("x"));

        await _client.DeleteAsync(_container, "delete-if-match.txt", new BlobRequestConditions { IfMatch = upload.ETag });

        await Assert.ThrowsAsync<BlobStorageException>(() => _client.GetPropertiesAsync(_container, "delete-if-match.txt"));
    }

    [Fact]
    public async Task Delete_IfMatchOldETag_ThrowsConditionNotMetAndKeepsBlob()
    {
        var first = await TestData.UploadAsync(_client, _container, "delete-changed.txt", TestData.Utf8("v1"));
        await TestData.UploadAsync(_client, _container, "delete-changed.txt", TestData.Utf8("v2"));

        var error = await Assert.ThrowsAsync<BlobStorageException>(() =>
            _client.DeleteAsync(_container, "delete-changed.txt", new BlobRequestConditions { IfMatch = first.ETag }));

        Assert.Equal(BlobErrorCode.ConditionNotMet, error.ErrorCode);
        Assert.Equal(TestData.Utf8("v2"), await TestData.DownloadBytesAsync(_client, _container, "delete-changed.txt"));
    }

    [Fact]
    public async Task Upload_ManyInParallelOnOneClient_AllLand()
    {
        var container = Azurite.NewContainerName("parallel");
        await _client.CreateContainerIfNotExistsAsync(container);
        try
        {
            await Task.WhenAll(Enumerable.Range(0, 16).Select(i =>
                TestData.UploadAsync(_client, container, $"part-{i:D2}", TestData.Bytes(5000, seed: i))));

            var names = await _client.ListBlobsAsync(container).Select(b => b.Name).ToListAsync();
            Assert.Equal(Enumerable.Range(0, 16).Select(i => $"part-{i:D2}"), names);
        }
        finally
        {
            await _client.DeleteContainerIfExistsAsync(container);
        }
    }
}
