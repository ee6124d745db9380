namespace EdgeFlows.Functions.Triggers.Blob;

/// <summary>What one poll of a watch cost and found.</summary>
/// <param name="Watch">The watch.</param>
/// <param name="ListRequests">List Blobs requests made.</param>
/// <param name="ListedBlobs">Blobs they returned.</param>
/// <param name="Duration">Wall time of the full listing, reporting included.</param>
public sealed record BlobScanReport(string Watch, int ListRequests, long ListedBlobs, TimeSpan Duration)
{
    /// <summary>New blob versions the poll reported (this host's share).</summary>
    public int Reported { get; init; }
}
