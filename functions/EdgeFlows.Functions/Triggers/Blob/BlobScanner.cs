// Lists a watch's blobs, one page at a time, handing each page on as soon as it arrives (so a
// new blob is reported when its page is read, not when the whole scan ends) while the next
// page is already being fetched. A prefix that takes more pages than ListConcurrency is
// listed by dataset instead: a delimiter listing finds the datasets' prefixes, and they are
// listed in parallel; one that fails to list is reported as such while the others go on.
// Small prefixes stay one sequence of pages, since a request per dataset would cost more
// than it saves (every request has a fixed cost; on Azurite it even grows with the account).
using System.Collections.Concurrent;
using System.Diagnostics;
using EdgeFlows.Activities.Storage;

namespace EdgeFlows.Functions.Triggers.Blob;

/// <summary>Full listings of one watch's prefix.</summary>
internal sealed class BlobScanner
{
    private readonly BlobWatch _watch;

    // Blobs the last complete scan listed; decides how the next one lists.
    private long _lastListed;

    // Set when a listing as one sequence failed: listing by dataset then keeps a dataset the
    // service cannot list from holding up the others, until every dataset lists again.
    private bool _isolateDatasets;

    public BlobScanner(BlobWatch watch) => _watch = watch;

    /// <summary>True when the next scan lists datasets in parallel rather than the prefix as one sequence.</summary>
    public bool ListsByDataset =>
        _watch.ListConcurrency > 1 && (_isolateDatasets || _lastListed > (long)_watch.ListConcurrency * _watch.ListPageSize);

    /// <summary>
    /// Lists every blob under the watch's prefix and calls <paramref name="onPage"/> for each page
    /// (concurrently when datasets are listed in parallel).
    /// </summary>
    public async Task<BlobScanReport> ScanAsync(Func<IReadOnlyList<BlobItem>, Task> onPage, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var counter = new ListCounter();
        var failures = new ConcurrentDictionary<string, Exception>(StringComparer.Ordinal);
        var byDataset = ListsByDataset;
        if (!byDataset)
        {
            try
            {
                await ListPrefixAsync(_watch.ListPrefix, delimiter: null, onPage, counter, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                _isolateDatasets = true;
                throw;
            }
        }
        else
        {
            var datasets = await ListPrefixAsync(_watch.ListPrefix, "/", onPage, counter, cancellationToken);
            await Parallel.ForEachAsync(
                datasets,
                new ParallelOptions { MaxDegreeOfParallelism = _watch.ListConcurrency, CancellationToken = cancellationToken },
                async (prefix, token) =>
                {
                    try
                    {
                        await ListPrefixAsync(prefix, delimiter: null, onPage, counter, token);
                    }
                    catch (Exception ex) when (ex is not OperationCanceledException || !token.IsCancellationRequested)
                    {
                        // One dataset the service cannot list (a blob name it cannot encode,
                        // say) must not keep the others from being reported.
                        failures[prefix] = ex;
                    }
                });
        }

        if (failures.IsEmpty)
        {
            _lastListed = counter.Blobs;
            _isolateDatasets = false;
        }

        return new BlobScanReport(_watch.Name, counter.Requests, counter.Blobs, Stopwatch.GetElapsedTime(started))
        {
            Failures = failures,
            ByDataset = byDataset,
        };
    }

    /// <summary>Lists all pages of a prefix, fetching page n+1 while page n is handled; returns the virtual directories.</summary>
    private async Task<List<string>> ListPrefixAsync(
        string prefix, string? delimiter, Func<IReadOnlyList<BlobItem>, Task> onPage, ListCounter counter, CancellationToken cancellationToken)
    {
        var options = new BlobListOptions { Prefix = prefix, Delimiter = delimiter, PageSize = _watch.ListPageSize };
        var directories = new List<string>();
        var next = _watch.Client.ListBlobsPageAsync(_watch.Container, options, marker: null, cancellationToken);
        while (true)
        {
            var page = await next;
            counter.Add(page.Blobs.Count);
            if (page.NextMarker is not null)
            {
                next = _watch.Client.ListBlobsPageAsync(_watch.Container, options, page.NextMarker, cancellationToken);
            }

            directories.AddRange(page.Prefixes);
            try
            {
                if (page.Blobs.Count > 0)
                {
                    await onPage(page.Blobs);
                }
            }
            catch when (page.NextMarker is not null)
            {
                // Do not leave the prefetch unobserved.
                _ = next.ContinueWith(t => t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
                throw;
            }

            if (page.NextMarker is null)
            {
                return directories;
            }
        }
    }

    private sealed class ListCounter
    {
        private int _requests;
        private long _blobs;

        public int Requests => _requests;

        public long Blobs => Interlocked.Read(ref _blobs);

        public void Add(int blobs)
        {
            Interlocked.Increment(ref _requests);
            Interlocked.Add(ref _blobs, blobs);
        }
    }
}
