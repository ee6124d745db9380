// The data side of SkipIfUnchanged: a dataset's current blobs, fingerprinted the way the model
// registry records in a model's lineage (DataFingerprint), listed from Azurite.
using EdgeFlows.Activities.Models;
using EdgeFlows.Functions.Tests.Infrastructure;
using EdgeFlows.Functions.Triggers.Blob;
using EdgeFlows.Functions.Triggers.Timer;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace EdgeFlows.Functions.Tests.Triggers.Timer;

public sealed class DatasetFingerprintTests
{
    private static readonly DateTimeOffset Written = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Of_WholeDataset_EqualsTheDataFingerprintTheModelRegistryRecords()
    {
        BlobVersion[] blobs = [new("training-data/sales/b.csv", "0x2", 10, Written), new("training-data/sales/a.csv", "0x1", 10, Written)];

        Assert.Equal(DataFingerprint.Compute([("training-data/sales/a.csv", "\"0x1\""), ("training-data/sales/b.csv", "0x2")]), DatasetFingerprint.Of(blobs));
    }

    [Fact]
    public void Of_AnETagChanges_ChangesTheFingerprint()
    {
        BlobVersion[] before = [new("a.csv", "0x1", 10, Written)];
        BlobVersion[] after = [new("a.csv", "0x9", 10, Written)];

        Assert.NotEqual(DatasetFingerprint.Of(before), DatasetFingerprint.Of(after));
    }

    [Fact]
    public async Task GetFingerprintAsync_DatasetInAzurite_FingerprintsItsBlobsOnly()
    {
        await using var container = await TestContainer.CreateAsync("fingerprint");
        var a = await container.UploadAsync("training-data/sales/part-0.csv");
        var b = await container.UploadAsync("training-data/sales/_SUCCESS", string.Empty);
        await container.UploadAsync("training-data/sales/folder/", string.Empty);
        await container.UploadAsync("training-data/salesforce/part-0.csv");
        await container.UploadAsync("models/sales/model.bin");
        var source = Source(container);

        var fingerprint = await source.GetFingerprintAsync("sales");

        Assert.Equal(
            DatasetFingerprint.Of([new("training-data/sales/_SUCCESS", b, 0, Written), new("training-data/sales/part-0.csv", a, 0, Written)]),
            fingerprint);
    }

    [Fact]
    public async Task GetFingerprintAsync_BlobRewritten_ChangesTheFingerprint()
    {
        await using var container = await TestContainer.CreateAsync("fingerprint");
        await container.UploadAsync("training-data/sales/part-0.csv");
        var source = Source(container);
        var before = await source.GetFingerprintAsync("sales");

        await container.UploadAsync("training-data/sales/part-0.csv", "x,y\n3,4\n");

        Assert.NotEqual(before, await source.GetFingerprintAsync("sales"));
    }

    [Fact]
    public async Task GetFingerprintAsync_NoBlobs_ReturnsNull()
    {
        await using var container = await TestContainer.CreateAsync("fingerprint");

        Assert.Null(await Source(container).GetFingerprintAsync("sales"));
    }

    private static BlobDatasetFingerprintSource Source(TestContainer container)
    {
        var options = new BlobTriggerOptions { RequestTimeout = TimeSpan.FromSeconds(10) };
        options.Watches.Add(new BlobWatchOptions { ConnectionString = Azurite.ConnectionString, Container = container.Name });
        return new BlobDatasetFingerprintSource(Options.Create(options), NullLogger<EdgeFlows.Activities.Storage.BlobStorageClient>.Instance);
    }
}
