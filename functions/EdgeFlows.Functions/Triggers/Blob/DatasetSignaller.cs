// Reports a dataset's new blob versions to its DatasetWatcher, exactly once per version: each
// event commits with the receipts of the versions it carries (IOrchestrationStore
// .RaiseEventWithReceiptsAsync). A refusal means some version was reported meanwhile (by
// another host, or by this one before a restart): the receipts are reloaded and only what is
// still unreported is sent again.
using EdgeFlows.Durable.History;
using EdgeFlows.Durable.Serialization;
using EdgeFlows.Durable.Stores;
using Microsoft.Extensions.Logging;

namespace EdgeFlows.Functions.Triggers.Blob;

/// <summary>Raises <see cref="BlobsChanged"/> events with their receipts for one watch.</summary>
internal sealed class DatasetSignaller
{
    // A refusal followed by a reload leaves only versions nobody reported; losing the race
    // again takes another host reporting the same dataset at that very moment.
    private const int MaxAttempts = 5;

    private readonly BlobWatch _watch;
    private readonly ReceiptBook _receipts;
    private readonly IOrchestrationStore _store;
    private readonly DataConverter _converter;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly IReadOnlyList<IBlobTriggerObserver> _observers;

    public DatasetSignaller(
        BlobWatch watch,
        ReceiptBook receipts,
        IOrchestrationStore store,
        DataConverter converter,
        TimeProvider time,
        ILogger logger,
        IReadOnlyList<IBlobTriggerObserver> observers)
    {
        _observers = observers;
        _watch = watch;
        _receipts = receipts;
        _store = store;
        _converter = converter;
        _time = time;
        _logger = logger;
    }

    /// <summary>Reports <paramref name="blobs"/> of <paramref name="dataset"/>; returns the versions this call reported.</summary>
    public async Task<IReadOnlyList<BlobVersion>> SignalAsync(string dataset, IReadOnlyList<BlobVersion> blobs, CancellationToken cancellationToken)
    {
        var instanceId = DatasetWatcher.InstanceIdFor(_watch.Name, dataset);
        var prefix = _watch.Pattern.DatasetPrefix(dataset);
        var reported = new List<BlobVersion>();
        var remaining = blobs.Where(b => !_receipts.Contains(b)).ToList();
        for (var attempt = 1; remaining.Count > 0; attempt++)
        {
            var chunk = remaining.Take(_watch.MaxBlobsPerEvent).ToList();
            if (await RaiseAsync(instanceId, dataset, prefix, chunk, cancellationToken).ConfigureAwait(false))
            {
                _receipts.AddRange(chunk);
                reported.AddRange(chunk);
                var committedAt = _time.GetUtcNow();
                foreach (var observer in _observers)
                {
                    observer.OnReported(_watch.Name, dataset, chunk, committedAt);
                }

                remaining.RemoveRange(0, chunk.Count);
                continue;
            }

            if (attempt >= MaxAttempts)
            {
                // Left for the next poll, which retries them against fresh receipts.
                _logger.SignalContended(_watch.Name, dataset, remaining.Count, attempt);
                break;
            }

            await _receipts.RefreshAsync(prefix, cancellationToken).ConfigureAwait(false);
            var before = remaining.Count;
            remaining.RemoveAll(_receipts.Contains);
            _logger.ReportedElsewhere(_watch.Name, dataset, before - remaining.Count);
        }

        return reported;
    }

    private Task<bool> RaiseAsync(string instanceId, string dataset, string prefix, List<BlobVersion> chunk, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow().UtcDateTime;
        var changed = new BlobsChanged(_watch.Container, dataset, prefix, chunk, _watch.Policy);
        var payload = _converter.Serialize(changed, $"{BlobsChanged.EventName} event of dataset '{dataset}'");
        var initial = _converter.Serialize(DatasetWatcherState.Initial(_watch.Container, dataset, prefix), $"input of {DatasetWatcher.Name} '{instanceId}'");
        var start = new ExecutionStarted(now, DatasetWatcher.Name, instanceId, Guid.NewGuid().ToString("N"), initial);
        return _store.RaiseEventWithReceiptsAsync(
            instanceId,
            new EventRaised(now, BlobsChanged.EventName, payload),
            [.. chunk.Select(_receipts.KeyOf)],
            start,
            cancellationToken);
    }
}
