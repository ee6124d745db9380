namespace EdgeFlows.Functions.Triggers.Blob;

/// <summary>
/// Optional hooks into the blob trigger (register implementations in DI): benchmarks and
/// diagnostics see each poll's cost and each committed report. Called on the trigger's own
/// tasks, possibly concurrently; implementations must be quick and thread-safe.
/// </summary>
public interface IBlobTriggerObserver
{
    /// <summary>A poll of a watch finished listing and reporting.</summary>
    void OnScanCompleted(BlobScanReport report);

    /// <summary>A <see cref="BlobsChanged"/> event and its receipts were committed to the store.</summary>
    /// <param name="watch">The watch.</param>
    /// <param name="dataset">The dataset.</param>
    /// <param name="blobs">The versions the event reported.</param>
    /// <param name="committedAt">When the commit returned.</param>
    void OnReported(string watch, string dataset, IReadOnlyList<BlobVersion> blobs, DateTimeOffset committedAt);
}
