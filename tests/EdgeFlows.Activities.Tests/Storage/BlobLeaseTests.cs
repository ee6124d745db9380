using EdgeFlows.Activities.Storage;

namespace EdgeFlows.Activities.Tests.Storage;

public class BlobLeaseTests(ContainerFixture fixture) : IClassFixture<ContainerFixture>
{
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(15);

    private readonly BlobStorageClient _client = fixture.Client;
    private readonly string _container = fixture.Container;

    [Fact]
    public async Task AcquireLease_FreeBlob_ReturnsLeaseAndMarksBlobLeased()
    {
        await TestData.UploadAsync(_client, _container, "lease-acquire", TestData.Utf8("x"));

        var lease = await _client.AcquireLeaseAsync(_container, "lease-acquire", Duration);

        Assert.False(string.IsNullOrEmpty(lease.LeaseId));
        Assert.Equal("leased", (await _client.GetPropertiesAsync(_container, "lease-acquire")).LeaseState);
        await _client.ReleaseLeaseAsync(_container, "lease-acquire", lease.LeaseId);
    }

    [Fact]
    public async Task AcquireLease_AlreadyLeased_ThrowsLeaseAlreadyPresent()
    {
        await TestData.UploadAsync(_client, _container, "lease-twice", TestData.Utf8("x"));
        var lease = await _client.AcquireLeaseAsync(_container, "lease-twice", Duration);

        var error = await Assert.ThrowsAsync<BlobStorageException>(() => _client.AcquireLeaseAsync(_container, "lease-twice", Duration));

        Assert.Equal(409, error.Status);
        Assert.Equal(BlobErrorCode.LeaseAlreadyPresent, error.ErrorCode);
        await _client.ReleaseLeaseAsync(_container, "lease-twice", lease.LeaseId);
    }

    [Fact]
    public async Task AcquireLease_SameProposedIdAgain_Succeeds()
    {
        await TestData.UploadAsync(_client, _container, "lease-proposed", TestData.Utf8("x"));
        var id = Guid.NewGuid().ToString();

        var first = await _client.AcquireLeaseAsync(_container, "lease-proposed", Duration, id);
        var again = await _client.AcquireLeaseAsync(_container, "lease-proposed", Duration, id);

        Assert.Equal(id, first.LeaseId);
        Assert.Equal(id, again.LeaseId);
        await _client.ReleaseLeaseAsync(_container, "lease-proposed", id);
    }

    [Fact]
    public async Task LeasedBlob_WriteWithoutLeaseId_ThrowsLeaseIdMissing()
    {
        await TestData.UploadAsync(_client, _container, "lease-write", TestData.Utf8("x"));
        var lease = await _client.AcquireLeaseAsync(_container, "lease-write", null);

        var error = await Assert.ThrowsAsync<BlobStorageException>(() =>
            _client.SetMetadataAsync(_container, "lease-write", new Dictionary<string, string> { ["a"] = "b" }));
        await _client.SetMetadataAsync(_container, "lease-write", new Dictionary<string, string> { ["a"] = "b" },
            new BlobRequestConditions { LeaseId = lease.LeaseId });

        Assert.Equal(412, error.Status);
        Assert.Equal(BlobErrorCode.LeaseIdMissing, error.ErrorCode);
        await _client.ReleaseLeaseAsync(_container, "lease-write", lease.LeaseId);
    }

    [Fact]
    public async Task LeasedBlob_BlockUploadWithLeaseId_Succeeds()
    {
        var client = Azurite.CreateClient(new BlobStorageClientOptions { SingleUploadThresholdBytes = 1024, BlockSizeBytes = 1024 });
        await TestData.UploadAsync(client, _container, "lease-blocks", TestData.Utf8("x"));
        var lease = await client.AcquireLeaseAsync(_container, "lease-blocks", Duration);
        var data = TestData.Bytes(4000);

        var result = await TestData.UploadAsync(client, _container, "lease-blocks", data,
            new BlobUploadOptions { Conditions = new BlobRequestConditions { LeaseId = lease.LeaseId } });

        Assert.Equal(4, result.BlockCount);
        Assert.Equal(data, await TestData.DownloadBytesAsync(client, _container, "lease-blocks"));
        await client.ReleaseLeaseAsync(_container, "lease-blocks", lease.LeaseId);
    }

    [Fact]
    public async Task RenewLease_HeldLease_KeepsSameId()
    {
        await TestData.UploadAsync(_client, _container, "lease-renew", TestData.Utf8("x"));
        var lease = await _client.AcquireLeaseAsync(_container, "lease-renew", Duration);

        var renewed = await _client.RenewLeaseAsync(_container, "lease-renew", lease.LeaseId);

        Assert.Equal(lease.LeaseId, renewed.LeaseId);
        await _client.ReleaseLeaseAsync(_container, "lease-renew", lease.LeaseId);
    }

    [Fact]
    public async Task RenewLease_WrongId_ThrowsLeaseIdMismatch()
    {
        await TestData.UploadAsync(_client, _container, "lease-renew-wrong", TestData.Utf8("x"));
        var lease = await _client.AcquireLeaseAsync(_container, "lease-renew-wrong", Duration);

        var error = await Assert.ThrowsAsync<BlobStorageException>(() =>
            _client.RenewLeaseAsync(_container, "lease-renew-wrong", Guid.NewGuid().ToString()));

        Assert.Equal(BlobErrorCode.LeaseIdMismatchWithLeaseOperation, error.ErrorCode);
        await _client.ReleaseLeaseAsync(_container, "lease-renew-wrong", lease.LeaseId);
    }

    [Fact]
    public async Task ReleaseLease_HeldLease_LetsAnotherAcquireAtOnce()
    {
        await TestData.UploadAsync(_client, _container, "lease-release", TestData.Utf8("x"));
        var lease = await _client.AcquireLeaseAsync(_container, "lease-release", Duration);

        await _client.ReleaseLeaseAsync(_container, "lease-release", lease.LeaseId);
        var next = await _client.AcquireLeaseAsync(_container, "lease-release", Duration);

        Assert.NotEqual(lease.LeaseId, next.LeaseId);
        await _client.ReleaseLeaseAsync(_container, "lease-release", next.LeaseId);
    }

    [Fact]
    public async Task AcquireLease_DurationOutOfRange_ThrowsBeforeSending()
    {
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() =>
            _client.AcquireLeaseAsync(_container, "any", TimeSpan.FromSeconds(5)));
    }
}
