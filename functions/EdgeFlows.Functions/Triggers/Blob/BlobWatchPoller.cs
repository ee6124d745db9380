// One watch's polling loop: list, sort each listed blob (ignored, outside the pattern,
// rejected, placeholder, already reported, new), report the new ones per dataset, wait, and
// again. A failure (storage down, key refused, store busy) is logged and retried with
// back-off; it never ends the loop, and never touches other watches.
using System.Collections.Concurrent;
using EdgeFlows.Activities.Storage;
using EdgeFlows.Durable.Serialization;
using EdgeFlows.Durable.Stores;
using Microsoft.Extensions.Logging;

namespace EdgeFlows.Functions.Triggers.Blob;

/// <summary>Polls one watch until stopped.</summary>
internal sealed class BlobWatchPoller
{
    // Names logged as skipped, so each is logged once; bounded so a container full of
    // unrelated blobs cannot grow it without end.
    private const int MaxRememberedSkips = 10_000;

    // Receipts deleted per store transaction, so forgetting many never holds the store long.
    private const int ForgetBatchSize = 500;

    private readonly BlobWatch _watch;
    private readonly BlobTriggerOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly IReadOnlyList<IBlobTriggerObserver> _observers;
    private readonly IOrchestrationStore _store;
    private readonly ReceiptBook _receipts;
    private readonly DatasetSignaller _signaller;
    private readonly BlobScanner _scanner;
    private readonly ConcurrentDictionary<string, byte> _skipped = new(StringComparer.Ordinal);
    private readonly HashSet<string> _failingPrefixes = new(StringComparer.Ordinal);

    public BlobWatchPoller(
        BlobWatch watch,
        BlobTriggerOptions options,
        IOrchestrationStore store,
        DataConverter converter,
        TimeProvider time,
        ILogger logger,
        IReadOnlyList<IBlobTriggerObserver> observers)
    {
        _watch = watch;
        _options = options;
        _time = time;
        _logger = logger;
        _observers = observers;
        _store = store;
        _receipts = new ReceiptBook(store, watch.Name, watch.Container);
        _signaller = new DatasetSignaller(watch, _receipts, store, converter, time, logger, observers);
        _scanner = new BlobScanner(watch);
    }

    public async Task RunAsync(CancellationToken stoppingToken)
    {
        _logger.WatchStarted(_watch.Name, _watch.Container, _watch.ListPrefix, _watch.Pattern.Text, _watch.Policy.Orchestrator, _watch.Policy.Readiness.ToString());
        var delay = _options.PollInterval;
        var warmed = false;
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (!warmed)
                {
                    await _receipts.RefreshAsync(_watch.ListPrefix, stoppingToken);
                    _logger.ReceiptsLoaded(_watch.Name, _receipts.Count);
                    warmed = true;
                }

                var changed = await PollOnceAsync(stoppingToken);
                if (failures > 0)
                {
                    _logger.PollRecovered(_watch.Name, failures);
                    failures = 0;
                }

                delay = changed ? _options.PollInterval : Longer(delay);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                failures++;
                delay = failures == 1 ? _options.PollInterval : Longer(delay);
                _logger.PollFailed(_watch.Name, delay.TotalMilliseconds, ex);
            }

            try
            {
                await Task.Delay(delay, _time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>One full listing and its reports; true when it found versions not reported before.</summary>
    internal async Task<bool> PollOnceAsync(CancellationToken cancellationToken)
    {
        var listing = _receipts.BeginListing();
        var listed = new ConcurrentQueue<BlobVersion>();
        var markers = new ConcurrentDictionary<string, ConcurrentQueue<BlobVersion>>(StringComparer.Ordinal);
        var unfinished = new ConcurrentDictionary<string, byte>(StringComparer.Ordinal);
        var found = 0;
        var reported = 0;
        var report = await _scanner.ScanAsync(
            async page =>
            {
                foreach (var (dataset, blobs) in Sort(page, listed))
                {
                    Interlocked.Add(ref found, blobs.Count);
                    var data = new List<BlobVersion>(blobs.Count);
                    foreach (var blob in blobs)
                    {
                        if (DatasetWatcherState.IsMarker(blob.Name, _watch.Policy.MarkerName))
                        {
                            markers.GetOrAdd(dataset, _ => new()).Enqueue(blob);
                        }
                        else
                        {
                            data.Add(blob);
                        }
                    }

                    Interlocked.Add(ref reported, await ReportAsync(dataset, data, unfinished, cancellationToken));
                }
            },
            cancellationToken);

        // Markers go last, and only for datasets whose every other new version is reported:
        // a run starts on its marker, and must get all the files listed with it (a dataset's
        // files can span pages, and another host may be reporting some of them right now).
        foreach (var (dataset, queue) in markers)
        {
            if (!unfinished.ContainsKey(dataset) && !report.Failures.ContainsKey(_watch.Pattern.DatasetPrefix(dataset)))
            {
                reported += await ReportAsync(dataset, [.. queue], unfinished, cancellationToken);
            }
        }

        if (report.Complete)
        {
            var now = _time.GetUtcNow();
            _receipts.RetainOnly(listed, listing, now);
            await ForgetAsync(_receipts.GoneSince(now - _options.ForgetReceiptsAfter), cancellationToken);
        }

        ReportFailingPrefixes(report);
        report = report with { Reported = reported };
        _logger.Scanned(_watch.Name, report.ListedBlobs, report.ListRequests, report.Duration.TotalMilliseconds);
        foreach (var observer in _observers)
        {
            observer.OnScanCompleted(report);
        }

        return found > 0;
    }

    /// <summary>
    /// Deletes the receipts of versions that can never be listed again, so the store keeps about
    /// one per blob rather than one per version ever reported. On a failure they stay in the
    /// book for the next complete listing: the poll goes on.
    /// </summary>
    private async Task ForgetAsync(List<string> gone, CancellationToken cancellationToken)
    {
        if (gone.Count == 0)
        {
            return;
        }

        try
        {
            var deleted = 0;
            foreach (var batch in gone.Chunk(ForgetBatchSize))
            {
                deleted += await _store.DeleteReceiptsAsync(batch, cancellationToken);
                _receipts.Forgotten(batch);
            }

            _logger.ReceiptsForgotten(_watch.Name, deleted);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            _logger.ReceiptsNotForgotten(_watch.Name, _receipts.GoneCount, ex);
        }
    }

    /// <summary>Reports a dataset's versions; a dataset with versions still unreported afterwards goes to <paramref name="unfinished"/>.</summary>
    private async Task<int> ReportAsync(string dataset, List<BlobVersion> blobs, ConcurrentDictionary<string, byte> unfinished, CancellationToken cancellationToken)
    {
        if (blobs.Count == 0)
        {
            return 0;
        }

        var sent = await _signaller.SignalAsync(dataset, blobs, cancellationToken);
        if (sent.Count > 0)
        {
            _logger.Reported(_watch.Name, dataset, sent.Count);
        }

        if (blobs.Exists(b => !_receipts.Contains(b)))
        {
            unfinished[dataset] = 0;
        }

        return sent.Count;
    }

    /// <summary>The page's blob versions not known to be reported, by dataset; every valid version goes to <paramref name="listed"/>.</summary>
    private Dictionary<string, List<BlobVersion>> Sort(IReadOnlyList<BlobItem> page, ConcurrentQueue<BlobVersion> listed)
    {
        var fresh = new Dictionary<string, List<BlobVersion>>(StringComparer.Ordinal);
        foreach (var item in page)
        {
            if (_watch.IsIgnored(item.Name))
            {
                continue;
            }

            var properties = item.Properties;
            if (properties.ContentLength == 0 && !DatasetWatcherState.IsMarker(item.Name, _watch.Policy.MarkerName))
            {
                continue; // a placeholder: a "folder" blob, or a file being created
            }

            var match = _watch.Pattern.Match(item.Name);
            if (match.Kind != BlobPathMatchKind.Matched)
            {
                Skip(item.Name, match);
                continue;
            }

            var version = new BlobVersion(item.Name, properties.ETag.ToString().Trim('"'), properties.ContentLength, properties.LastModified);
            listed.Enqueue(version);
            if (!_receipts.Contains(version))
            {
                if (!fresh.TryGetValue(match.Dataset!, out var blobs))
                {
                    fresh[match.Dataset!] = blobs = [];
                }

                blobs.Add(version);
            }
        }

        return fresh;
    }

    private void Skip(string blobName, BlobPathMatch match)
    {
        if (_skipped.Count >= MaxRememberedSkips)
        {
            if (_skipped.TryAdd(string.Empty, 0))
            {
                _logger.TooManySkipped(_watch.Name, MaxRememberedSkips);
            }

            return;
        }

        if (!_skipped.TryAdd(blobName, 0))
        {
            return;
        }

        if (match.Kind == BlobPathMatchKind.Rejected)
        {
            _logger.BlobRejected(_watch.Name, blobName, match.Reason!);
        }
        else
        {
            _logger.BlobOutsidePattern(_watch.Name, blobName, _watch.Pattern.Text);
        }
    }

    /// <summary>Logs a prefix when it starts failing to list and when it lists again, not at every poll.</summary>
    private void ReportFailingPrefixes(BlobScanReport report)
    {
        foreach (var (prefix, error) in report.Failures)
        {
            if (_failingPrefixes.Add(prefix))
            {
                _logger.PrefixFailing(_watch.Name, prefix, error);
            }
        }

        foreach (var prefix in _failingPrefixes.Where(p => !report.Failures.ContainsKey(p)).ToList())
        {
            _failingPrefixes.Remove(prefix);
            _logger.PrefixRecovered(_watch.Name, prefix);
        }
    }

    private TimeSpan Longer(TimeSpan delay) =>
        TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _options.MaxPollInterval.Ticks));
}
