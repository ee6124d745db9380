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

    /// <summary>Prefixes (datasets) that could not be listed, with the error; the others were.</summary>
    public IReadOnlyDictionary<string, Exception> Failures { get; init; } = new Dictionary<string, Exception>();

    /// <summary>True when the datasets were listed in parallel, false when the prefix was one sequence of pages.</summary>
    public bool ByDataset { get; init; }

    /// <summary>True when every blob under the watch's prefix was listed.</summary>
    public bool Complete => Failures.Count == 0;
}
