// The benchmark's hook into the trigger: when each blob's BlobsChanged event committed (the
// commit has returned, fsync included), and what each poll cost.
using System.Collections.Concurrent;
using EdgeFlows.Functions.Triggers.Blob;

namespace EdgeFlows.Bench.BlobTrigger;

/// <summary>Records reports and polls; thread-safe.</summary>
internal sealed class ReportRecorder : IBlobTriggerObserver
{
    private readonly ConcurrentDictionary<string, ConcurrentQueue<DateTimeOffset>> _reports = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<(DateTimeOffset At, BlobScanReport Report)> _scans = new();
    private long _reported;

    /// <summary>Blob versions reported so far.</summary>
    public long Reported => Interlocked.Read(ref _reported);

    /// <summary>Polls finished so far, with when they finished.</summary>
    public IReadOnlyList<(DateTimeOffset At, BlobScanReport Report)> Scans => [.. _scans];

    /// <summary>When each report of the blob committed (more than one means it was reported twice).</summary>
    public IReadOnlyCollection<DateTimeOffset> ReportsOf(string blobName) =>
        _reports.TryGetValue(blobName, out var times) ? [.. times] : [];

    public void OnReported(string watch, string dataset, IReadOnlyList<BlobVersion> blobs, DateTimeOffset committedAt)
    {
        foreach (var blob in blobs)
        {
            _reports.GetOrAdd(blob.Name, _ => new ConcurrentQueue<DateTimeOffset>()).Enqueue(committedAt);
        }

        Interlocked.Add(ref _reported, blobs.Count);
    }

    public void OnScanCompleted(BlobScanReport report) => _scans.Enqueue((DateTimeOffset.UtcNow, report));
}
