// Puts the benchmark's blobs in the container: the existing ones as fast as the service
// takes them, the measured ones at a steady pace, noting when each upload completed.
using System.Collections.Concurrent;
using System.Diagnostics;
using EdgeFlows.Activities.Storage;

namespace EdgeFlows.Bench.BlobTrigger;

/// <summary>Uploads tiny blobs for the benchmark.</summary>
internal sealed class BenchUploader(BlobStorageClient client, string container, Action<string> progress)
{
    private const string Prefix = "training-data/";
    private const int ExistingParallelism = 32;
    private const int PacedParallelism = 16;
    private static readonly byte[] Body = "x,y\n1,2\n"u8.ToArray();

    /// <summary>Blobs under <paramref name="prefix"/> (training-data/ by default) now.</summary>
    public async Task<int> CountAsync(CancellationToken cancellationToken, string prefix = Prefix)
    {
        var count = 0;
        string? marker = null;
        do
        {
            var page = await client.ListBlobsPageAsync(container, new BlobListOptions { Prefix = prefix }, marker, cancellationToken);
            count += page.Blobs.Count;
            marker = page.NextMarker;
        }
        while (marker is not null);
        return count;
    }

    /// <summary>Uploads existing-blob numbers <paramref name="from"/> to <paramref name="to"/> (exclusive), spread over the datasets.</summary>
    public async Task UploadExistingAsync(int from, int to, int datasets, CancellationToken cancellationToken)
    {
        var next = from - 1;
        var done = 0;
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, ExistingParallelism).Select(async _ =>
        {
            for (var i = Interlocked.Increment(ref next); i < to; i = Interlocked.Increment(ref next))
            {
                await PutAsync($"{Prefix}ds{i % datasets:D4}/existing-{i:D7}.csv", cancellationToken);
                if (Interlocked.Increment(ref done) % 5000 == 0)
                {
                    progress($"uploaded {from + done} of {to} existing blobs ({watch.Elapsed.TotalSeconds:F0} s)");
                }
            }
        }));
    }

    /// <summary>Uploads the named blobs at <paramref name="perSecond"/>; returns when each upload completed.</summary>
    public async Task<IReadOnlyDictionary<string, DateTimeOffset>> UploadPacedAsync(IReadOnlyList<string> names, double perSecond, CancellationToken cancellationToken)
    {
        var completed = new ConcurrentDictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        using var slots = new SemaphoreSlim(PacedParallelism);
        var started = Stopwatch.GetTimestamp();
        var uploads = new List<Task>(names.Count);
        for (var i = 0; i < names.Count; i++)
        {
            var due = TimeSpan.FromSeconds(i / perSecond) - Stopwatch.GetElapsedTime(started);
            if (due > TimeSpan.Zero)
            {
                await Task.Delay(due, cancellationToken);
            }

            await slots.WaitAsync(cancellationToken);
            var name = names[i];
            uploads.Add(Task.Run(
                async () =>
                {
                    try
                    {
                        await PutAsync(name, cancellationToken);
                        completed[name] = DateTimeOffset.UtcNow;
                    }
                    finally
                    {
                        slots.Release();
                    }
                },
                cancellationToken));
        }

        await Task.WhenAll(uploads);
        return completed;
    }

    private async Task PutAsync(string name, CancellationToken cancellationToken)
    {
        using var content = new MemoryStream(Body, writable: false);
        await client.UploadAsync(container, name, content, cancellationToken: cancellationToken);
    }
}
