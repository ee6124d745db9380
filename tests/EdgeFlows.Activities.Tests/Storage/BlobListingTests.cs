using EdgeFlows.Activities.Storage;

namespace EdgeFlows.Activities.Tests.Storage;

public class BlobListingTests : IAsyncLifetime
{
    private static readonly string[] Names =
    [
        "training-data/cats/2024/a.csv", "training-data/cats/2024/b.csv", "training-data/cats/_SUCCESS",
        "training-data/dogs/a.csv", "training-data/dogs/b.csv", "models/cats/1/model.onnx", "readme.txt",
    ];

    private readonly BlobStorageClient _client = Azurite.CreateClient();
    private readonly string _container = Azurite.NewContainerName("list");

    public async Task InitializeAsync()
    {
        await _client.CreateContainerIfNotExistsAsync(_container);
        foreach (var name in Names)
        {
            await TestData.UploadAsync(_client, _container, name, TestData.Utf8(name), new BlobUploadOptions
            {
                Metadata = new Dictionary<string, string> { ["source"] = name.Split('/')[0] },
            });
        }
    }

    public async Task DisposeAsync() => await _client.DeleteContainerIfExistsAsync(_container);

    [Fact]
    public async Task ListBlobsPage_NoOptions_ReturnsAllInNameOrderWithoutMarker()
    {
        var page = await _client.ListBlobsPageAsync(_container);

        Assert.Equal(Names.Order(StringComparer.Ordinal), page.Blobs.Select(b => b.Name));
        Assert.Null(page.NextMarker);
        Assert.Empty(page.Prefixes);
    }

    [Fact]
    public async Task ListBlobsPage_Prefix_ReturnsOnlyMatching()
    {
        var page = await _client.ListBlobsPageAsync(_container, new BlobListOptions { Prefix = "training-data/cats/" });

        Assert.Equal(["training-data/cats/2024/a.csv", "training-data/cats/2024/b.csv", "training-data/cats/_SUCCESS"], page.Blobs.Select(b => b.Name));
    }

    [Fact]
    public async Task ListBlobsPage_Delimiter_GroupsVirtualDirectories()
    {
        var page = await _client.ListBlobsPageAsync(_container, new BlobListOptions { Prefix = "training-data/", Delimiter = "/" });

        Assert.Empty(page.Blobs);
        Assert.Equal(["training-data/cats/", "training-data/dogs/"], page.Prefixes);
    }

    [Fact]
    public async Task ListBlobsPage_IncludeMetadata_ReturnsMetadataAndProperties()
    {
        var page = await _client.ListBlobsPageAsync(_container, new BlobListOptions { Prefix = "readme", IncludeMetadata = true });

        var blob = Assert.Single(page.Blobs);
        Assert.Equal("readme.txt", blob.Source());
        Assert.Equal("readme.txt".Length, blob.Properties.ContentLength);
        Assert.Equal(TestData.MD5Base64(TestData.Utf8("readme.txt")), blob.Properties.ContentMD5);
        var properties = await _client.GetPropertiesAsync(_container, "readme.txt");
        Assert.Equal(properties.ETag, blob.Properties.ETag);
    }

    [Fact]
    public async Task ListBlobsPage_WithoutMetadata_ReturnsEmptyMetadata()
    {
        var page = await _client.ListBlobsPageAsync(_container, new BlobListOptions { Prefix = "readme" });

        Assert.Empty(Assert.Single(page.Blobs).Properties.Metadata);
    }

    [Fact]
    public async Task ListBlobsPage_PageSizeTwo_FollowsMarkersThroughEveryBlobOnce()
    {
        var options = new BlobListOptions { PageSize = 2 };
        var seen = new List<string>();
        var pages = 0;
        string? marker = null;
        do
        {
            var page = await _client.ListBlobsPageAsync(_container, options, marker);
            Assert.InRange(page.Blobs.Count, 1, 2);
            seen.AddRange(page.Blobs.Select(b => b.Name));
            marker = page.NextMarker;
            pages++;
        }
        while (marker is not null);

        Assert.Equal(4, pages);
        Assert.Equal(Names.Order(StringComparer.Ordinal), seen);
    }

    [Fact]
    public async Task ListBlobs_AsyncEnumerableWithSmallPages_YieldsAllMatching()
    {
        var names = await _client.ListBlobsAsync(_container, new BlobListOptions { Prefix = "training-data/", PageSize = 1 })
            .Select(b => b.Name)
            .ToListAsync();

        Assert.Equal(Names.Where(n => n.StartsWith("training-data/", StringComparison.Ordinal)).Order(StringComparer.Ordinal), names);
    }

    [Fact]
    public async Task ListBlobsPage_MissingContainer_ThrowsContainerNotFound()
    {
        var error = await Assert.ThrowsAsync<BlobStorageException>(() => _client.ListBlobsPageAsync(Azurite.NewContainerName("missing")));

        Assert.Equal(404, error.Status);
        Assert.Equal(BlobErrorCode.ContainerNotFound, error.ErrorCode);
    }
}

internal static class BlobItemAssertions
{
    /// <summary>The metadata "source" the listing tests store, checked against the name.</summary>
    public static string Source(this BlobItem blob)
    {
        Assert.Equal(blob.Name.Split('/')[0], blob.Properties.Metadata["source"]);
        return blob.Name;
    }
}
