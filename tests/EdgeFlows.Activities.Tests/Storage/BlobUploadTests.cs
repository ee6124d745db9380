using EdgeFlows.Activities.Storage;

namespace EdgeFlows.Activities.Tests.Storage;

public class BlobUploadTests(ContainerFixture fixture) : IClassFixture<ContainerFixture>
{
    private const int Threshold = 64 * 1024;
    private const int BlockSize = 48 * 1024;

    private readonly BlobStorageClient _client = Azurite.CreateClient(new BlobStorageClientOptions
    {
        SingleUploadThresholdBytes = Threshold,
        BlockSizeBytes = BlockSize,
    });

    private readonly string _container = fixture.Container;

    [Fact]
    public async Task Upload_AtThreshold_UsesSinglePut()
    {
        var data = TestData.Bytes(Threshold);

        var result = await TestData.UploadAsync(_client, _container, "at-threshold.bin", data);

        Assert.Equal(0, result.BlockCount);
        Assert.Equal(Threshold, result.ContentLength);
        Assert.Equal(TestData.MD5Base64(data), result.ContentMD5);
    }

    [Fact]
    public async Task Upload_EmptyStream_CreatesEmptyBlob()
    {
        var result = await TestData.UploadAsync(_client, _container, "empty.bin", []);

        Assert.Equal(0, result.ContentLength);
        Assert.Equal(0, (await _client.GetPropertiesAsync(_container, "empty.bin")).ContentLength);
    }

    [Fact]
    public async Task Upload_OverThresholdFromNonSeekableStream_UsesBlocksAndStoresWholeMd5()
    {
        var data = TestData.Bytes((5 * BlockSize) + 123, seed: 3);

        var result = await _client.UploadAsync(_container, "large.bin", new TrickleStream(data, maxChunk: 1000),
            new BlobUploadOptions { ContentType = "application/zip", Metadata = new Dictionary<string, string> { ["kind"] = "model" } });

        Assert.Equal(6, result.BlockCount);
        Assert.Equal(data.Length, result.ContentLength);
        var properties = await _client.GetPropertiesAsync(_container, "large.bin");
        Assert.Equal(result.ETag, properties.ETag);
        Assert.Equal(data.Length, properties.ContentLength);
        Assert.Equal(TestData.MD5Base64(data), properties.ContentMD5);
        Assert.Equal("application/zip", properties.ContentType);
        Assert.Equal("model", properties.Metadata["kind"]);
        Assert.Equal(data, await TestData.DownloadBytesAsync(_client, _container, "large.bin"));
    }

    [Fact]
    public async Task Upload_JustOverThreshold_UsesTwoBlocks()
    {
        var data = TestData.Bytes(Threshold + 1, seed: 4);

        var result = await TestData.UploadAsync(_client, _container, "threshold-plus-one.bin", data);

        Assert.Equal(2, result.BlockCount);
        Assert.Equal(data, await TestData.DownloadBytesAsync(_client, _container, "threshold-plus-one.bin"));
    }

    [Fact]
    public async Task Upload_ReplacingBlockBlob_LeavesOnlyNewContent()
    {
        await TestData.UploadAsync(_client, _container, "replaced.bin", TestData.Bytes(3 * BlockSize, seed: 5));
        var second = TestData.Bytes(2 * BlockSize, seed: 6);

        await TestData.UploadAsync(_client, _container, "replaced.bin", second);

        Assert.Equal(second, await TestData.DownloadBytesAsync(_client, _container, "replaced.bin"));
    }

    [Fact]
    public void Options_BlockSizeAboveServiceLimit_Throws()
    {
        var options = new BlobStorageClientOptions();

        Assert.Throws<ArgumentOutOfRangeException>(() => options.BlockSizeBytes = BlobStorageClientOptions.MaxBlockSizeBytes + 1);
        Assert.Throws<ArgumentOutOfRangeException>(() => options.SingleUploadThresholdBytes = BlobStorageClientOptions.MaxSingleUploadBytes + 1);
    }

    [Fact]
    public void Options_Default_SendsVersion20190707()
    {
        Assert.Equal("2019-07-07", new BlobStorageClientOptions().ServiceVersion);
    }
}
