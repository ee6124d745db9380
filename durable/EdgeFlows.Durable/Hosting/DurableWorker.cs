using EdgeFlows.Durable.Dispatch;
using EdgeFlows.Durable.Serialization;
using EdgeFlows.Durable.Stores;
using EdgeFlows.Durable.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EdgeFlows.Durable.Hosting;

/// <summary>
/// The hosted service that runs orchestrations and activities from the store. Any number of
/// hosts may run it against one shared store; work is leased, so any of them may stop or die.
/// </summary>
public sealed class DurableWorker : BackgroundService
{
    private readonly IOrchestrationStore _store;
    private readonly DurableRuntimeOptions _options;
    private readonly ILogger<DurableWorker> _logger;
    private readonly OrchestrationDispatcher _orchestrations;
    private readonly ActivityDispatcher _activities;
    private QueueDepth _lastDepth = new(0, 0);

    /// <summary>Created by DI; see <c>AddDurableRuntime</c>.</summary>
    public DurableWorker(
        IOrchestrationStore store,
        OrchestrationRegistry registry,
        IServiceProvider services,
        DataConverter converter,
        IOptions<DurableRuntimeOptions> options,
        ILoggerFactory loggerFactory,
        TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        _store = store;
        _options = options.Value;
        _logger = loggerFactory.CreateLogger<DurableWorker>();
        time ??= TimeProvider.System;
        _orchestrations = new OrchestrationDispatcher(store, registry, services, converter, _options, loggerFactory, time);
        _activities = new ActivityDispatcher(store, registry, services.GetRequiredService<IServiceScopeFactory>(), converter, _options, loggerFactory, time);
        _orchestrations.Activities = _activities;
        _activities.Orchestrations = _orchestrations;
    }

    /// <inheritdoc />
    public override void Dispose()
    {
        _activities.Dispose();
        _orchestrations.Dispose();
        base.Dispose();
    }

    /// <summary>
    /// Readies the store (its file or tables) before the host reports started, so that a store
    /// that cannot be opened fails the start itself, then starts the dispatch loops.
    /// </summary>
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await _store.InitializeAsync(cancellationToken).ConfigureAwait(false);
        await base.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await _store.InitializeAsync(stoppingToken).ConfigureAwait(false);
        _logger.WorkerStarted(_options.WorkerId, _store.GetType().Name);
        using var depthGauge = DurableTelemetry.ObserveQueueDepth(() =>
        {
            // Gauges are read on the exporter's schedule; a failed read reports the last value.
            _ = RefreshDepthAsync();
            return (_lastDepth.OrchestrationsReady, _lastDepth.ActivitiesReady);
        });

        var renewals = _activities.RenewLeasesAsync(stoppingToken);
        await Task.WhenAll(
            _orchestrations.RunAsync(stoppingToken),
            _activities.RunAsync(stoppingToken)).ConfigureAwait(false);
        await renewals.ConfigureAwait(false);
        _logger.WorkerStopped(_options.WorkerId);
    }

    private async Task RefreshDepthAsync()
    {
        try
        {
            _lastDepth = await _store.GetQueueDepthAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is InvalidOperationException or ObjectDisposedException)
        {
            // The store is not open (starting or stopped): keep the last reading.
        }
    }
}
