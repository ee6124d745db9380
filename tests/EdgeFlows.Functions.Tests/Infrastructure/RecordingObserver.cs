using System.Collections.Concurrent;
using EdgeFlows.Functions.Triggers.Blob;

namespace EdgeFlows.Functions.Tests.Infrastructure;

/// <summary>Records what a blob trigger reported and how many polls it finished.</summary>
public sealed class RecordingObserver : IBlobTriggerObserver
{
    private readonly ConcurrentQueue<(string Dataset, BlobVersion Blob)> _reported = new();
    private int _scans;

    /// <summary>Every version reported, with its dataset, in report order.</summary>
    public IReadOnlyList<(string Dataset, BlobVersion Blob)> Reported => [.. _reported];

    /// <summary>How many events (chunks) were committed.</summary>
    public int Events { get; private set; }

    /// <summary>Polls finished so far.</summary>
    public int Scans => Volatile.Read(ref _scans);

    public void OnScanCompleted(BlobScanReport report) => Interlocked.Increment(ref _scans);

    public void OnReported(string watch, string dataset, IReadOnlyList<BlobVersion> blobs, DateTimeOffset committedAt)
    {
        foreach (var blob in blobs)
        {
            _reported.Enqueue((dataset, blob));
        }

        lock (_reported)
        {
            Events++;
        }
    }

    /// <summary>Waits until <paramref name="count"/> more polls have finished (a condition, not a sleep).</summary>
    public async Task WaitForScansAsync(int count, TimeSpan? timeout = null)
    {
        var target = Scans + count;
        await Eventually.TrueAsync(() => Scans >= target, $"{count} more polls", timeout);
    }
}
