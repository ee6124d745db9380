// The blob trigger: new and changed blobs in watched containers start dataset runs, exactly
// once per blob version. See docs/blob-trigger.md.
using EdgeFlows.Durable.Serialization;
using EdgeFlows.Durable.Stores;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EdgeFlows.Functions.Triggers.Blob;

/// <summary>
/// Polls each configured watch (<see cref="BlobTriggerOptions"/>) and reports new blob versions
/// to their datasets' <see cref="DatasetWatcher"/> orchestrations. Watches poll independently:
/// one that fails is retried with back-off while the others go on. Several hosts may run it
/// against one store; receipts make each version start one run in all.
/// </summary>
public sealed class BlobTrigger : BackgroundService
{
    private readonly BlobTriggerOptions _options;
    private readonly IOrchestrationStore _store;
    private readonly DataConverter _converter;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggerFactory;
    private readonly IReadOnlyList<IBlobTriggerObserver> _observers;

    /// <summary>Created by DI; see <c>AddBlobTrigger</c>.</summary>
    public BlobTrigger(
        IOptions<BlobTriggerOptions> options,
        IOrchestrationStore store,
        DataConverter converter,
        ILoggerFactory loggerFactory,
        IEnumerable<IBlobTriggerObserver> observers,
        TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _store = store;
        _converter = converter;
        _loggerFactory = loggerFactory;
        _observers = [.. observers];
        _time = time ?? TimeProvider.System;
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var logger = _loggerFactory.CreateLogger<BlobTrigger>();
        await _store.InitializeAsync(stoppingToken);
        var pollers = _options.Watches
            .Select(w => new BlobWatchPoller(
                BlobWatch.Create(w, _options, _loggerFactory.CreateLogger<EdgeFlows.Activities.Storage.BlobStorageClient>()), _options, _store, _converter, _time, logger, _observers))
            .ToList();
        await Task.WhenAll(pollers.Select(p => Task.Run(() => p.RunAsync(stoppingToken), CancellationToken.None)));
    }
}
