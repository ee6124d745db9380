using EdgeFlows.Functions.Triggers.Blob;

namespace EdgeFlows.Functions.Tests.Triggers.Blob;

public sealed class DatasetWatcherStateTests
{
    private static readonly DateTime Now = new(2030, 1, 1, 12, 0, 0, DateTimeKind.Utc);
    private static readonly DateTimeOffset Written = new(2030, 1, 1, 11, 0, 0, TimeSpan.Zero);

    private static DatasetTriggerPolicy Policy(DatasetReadiness readiness = DatasetReadiness.Either, int maxBlobs = 100) =>
        new("Retrain", readiness, TimeSpan.FromSeconds(30), "_SUCCESS", maxBlobs);

    private static BlobVersion Blob(string name, string etag = "0x1", int minutes = 0) =>
        new($"training-data/sales/{name}", etag, 10, Written.AddMinutes(minutes));

    private static BlobsChanged Changed(DatasetTriggerPolicy policy, params BlobVersion[] blobs) =>
        new("data", "sales", "training-data/sales/", blobs, policy);

    private static DatasetWatcherState Empty => DatasetWatcherState.Initial("data", "sales", "training-data/sales/");

    [Fact]
    public void Merge_SameNameNewerVersion_KeepsOnlyTheNewer()
    {
        var state = Empty.Merge(Changed(Policy(), Blob("a.csv", "0x1")), Now).Merge(Changed(Policy(), Blob("a.csv", "0x2", minutes: 1)), Now);

        Assert.Equal("0x2", Assert.Single(state.Pending).ETag);
    }

    [Fact]
    public void Merge_OlderVersionArrivingLate_KeepsTheNewer()
    {
        var state = Empty.Merge(Changed(Policy(), Blob("a.csv", "0x2", minutes: 1)), Now).Merge(Changed(Policy(), Blob("a.csv", "0x1")), Now);

        Assert.Equal("0x2", Assert.Single(state.Pending).ETag);
    }

    [Fact]
    public void ReadyReason_MarkerAmongChanges_IsMarkerAtOnce()
    {
        var state = Empty.Merge(Changed(Policy(DatasetReadiness.Marker), Blob("a.csv"), Blob("_SUCCESS")), Now);

        Assert.Equal("marker", state.ReadyReason(Now));
    }

    [Fact]
    public void ReadyReason_MarkerUnderQuietPeriodPolicy_WaitsForTheQuietPeriod()
    {
        var state = Empty.Merge(Changed(Policy(DatasetReadiness.QuietPeriod), Blob("_SUCCESS")), Now);

        Assert.Null(state.ReadyReason(Now.AddSeconds(29)));
        Assert.Equal("quiet-period", state.ReadyReason(Now.AddSeconds(30)));
    }

    [Fact]
    public void ReadyReason_MarkerPolicyWithoutMarker_NeverReady()
    {
        var state = Empty.Merge(Changed(Policy(DatasetReadiness.Marker), Blob("a.csv")), Now);

        Assert.Null(state.ReadyReason(Now.AddDays(30)));
        Assert.Null(state.QuietUntil);
    }

    [Fact]
    public void ReadyReason_NothingPending_NotReady() => Assert.Null(Empty.ReadyReason(Now.AddDays(1)));

    [Fact]
    public void ToSnapshot_SameChangesInAnotherOrder_SameFingerprint()
    {
        var one = Empty.Merge(Changed(Policy(), Blob("a.csv"), Blob("b.csv")), Now).ToSnapshot("marker");
        var other = Empty.Merge(Changed(Policy(), Blob("b.csv")), Now).Merge(Changed(Policy(), Blob("a.csv")), Now).ToSnapshot("marker");

        Assert.Equal(one.Fingerprint, other.Fingerprint);
        Assert.Equal(64, one.Fingerprint.Length);
    }

    [Fact]
    public void ToSnapshot_AnotherETag_AnotherFingerprint()
    {
        var one = Empty.Merge(Changed(Policy(), Blob("a.csv", "0x1")), Now).ToSnapshot("marker");
        var other = Empty.Merge(Changed(Policy(), Blob("a.csv", "0x2")), Now).ToSnapshot("marker");

        Assert.NotEqual(one.Fingerprint, other.Fingerprint);
    }

    [Fact]
    public void ToSnapshot_MoreBlobsThanTheCap_ListsTheCapAndCountsAndFingerprintsAll()
    {
        var policy = Policy(maxBlobs: 2);
        var snapshot = Empty.Merge(Changed(policy, Blob("a.csv"), Blob("b.csv"), Blob("c.csv")), Now).ToSnapshot("marker");
        var otherOmitted = Empty.Merge(Changed(policy, Blob("a.csv"), Blob("b.csv"), Blob("d.csv")), Now).ToSnapshot("marker");

        Assert.Equal((2, 3, true), (snapshot.Blobs.Count, snapshot.BlobCount, snapshot.Truncated));
        Assert.NotEqual(snapshot.Fingerprint, otherOmitted.Fingerprint);
    }

    [Fact]
    public void AfterRun_ClearsPendingAndRecordsTheRun()
    {
        var state = Empty.Merge(Changed(Policy(), Blob("a.csv"), Blob("_SUCCESS")), Now);
        var run = new DatasetRunRecord("run-1", "Retrain", 2, "ff", Now, Now, Succeeded: false, "boom");

        var after = state.AfterRun(run);

        Assert.False(after.HasPending);
        Assert.False(after.MarkerSeen);
        Assert.Equal((1, 1, run), (after.Runs, after.FailedRuns, after.LastRun));
    }

    [Theory]
    [InlineData("training-data/sales/_SUCCESS", true)]
    [InlineData("training-data/sales/2024/_SUCCESS", true)]
    [InlineData("training-data/sales/_SUCCESS.txt", false)]
    [InlineData("training-data/sales/x_SUCCESS", false)]
    public void IsMarker_LastSegmentIsTheMarkerName(string name, bool expected) =>
        Assert.Equal(expected, DatasetWatcherState.IsMarker(name, "_SUCCESS"));
}
