// Runs activity calls: resolves the activity from DI, runs it with the host's cancellation,
// keeps its lease alive while it runs, and commits its result (or failure) to the
// orchestration's inbox in one transaction.
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using EdgeFlows.Durable.History;
using EdgeFlows.Durable.Hosting;
using EdgeFlows.Durable.Serialization;
using EdgeFlows.Durable.Stores;
using EdgeFlows.Durable.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EdgeFlows.Durable.Dispatch;

/// <summary>Leases activity work and runs it.</summary>
internal sealed class ActivityDispatcher : WorkDispatcher<ActivityWorkItem>
{
    private readonly OrchestrationRegistry _registry;
    private readonly IServiceScopeFactory _scopes;
    private readonly DataConverter _converter;
    private readonly ConcurrentDictionary<long, Running> _running = new();

    // Cancelled when shutdown gives up waiting: running activities then stop and are released.
    private readonly CancellationTokenSource _hardStop = new();

    public ActivityDispatcher(
        IOrchestrationStore store,
        OrchestrationRegistry registry,
        IServiceScopeFactory scopes,
        DataConverter converter,
        DurableRuntimeOptions options,
        ILoggerFactory loggerFactory,
        TimeProvider time)
        : base(store, options, store.Signals.Activities, options.MaxConcurrentActivities, loggerFactory.CreateLogger<ActivityDispatcher>(), time)
    {
        _registry = registry;
        _scopes = scopes;
        _converter = converter;
    }

    /// <summary>The orchestration dispatcher of this host, which runs turns for results delivered in memory.</summary>
    public WorkDispatcher<OrchestrationWorkItem>? Orchestrations { get; set; }

    public override void Dispose()
    {
        _hardStop.Dispose();
        base.Dispose();
    }

    /// <summary>Renews the leases of running activities until stopped; cancels those whose lease was lost.</summary>
    public async Task RenewLeasesAsync(CancellationToken stoppingToken)
    {
        var interval = Options.ActivityLease / 3;
        while (!_hardStop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(interval, Time, _hardStop.Token).ConfigureAwait(false);
                var running = _running.Values.Select(r => r.Item).ToList();
                if (running.Count == 0)
                {
                    continue;
                }

                var lost = await Store.RenewActivityLeasesAsync(running, Options.ActivityLease, CancellationToken.None).ConfigureAwait(false);
                foreach (var item in lost)
                {
                    if (_running.TryGetValue(item.Id, out var entry))
                    {
                        Logger.LeaseLost($"activity '{item.Name}' ({item.IdempotencyKey})", "It is cancelled here.");
                        try
                        {
                            await entry.Cancellation.CancelAsync().ConfigureAwait(false);
                        }
                        catch (ObjectDisposedException)
                        {
                            // It finished between the renewal and now; nothing left to cancel.
                        }
                    }
                }
            }
            catch (OperationCanceledException) when (_hardStop.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                Logger.PollFailed(interval.TotalMilliseconds, ex);
            }
        }
    }

    protected override Task<IReadOnlyList<ActivityWorkItem>> LockAsync(int maxItems, CancellationToken cancellationToken) =>
        Store.LockNextActivitiesAsync(Options.WorkerId, maxItems, Options.ActivityLease, cancellationToken);

    protected override async Task DrainAsync()
    {
        // Graceful shutdown: running activities get ShutdownTimeout to finish; the rest are
        // cancelled and released so another host takes them at once.
        var all = RunningTasks();
        if (await Task.WhenAny(all, Task.Delay(Options.ShutdownTimeout, Time)).ConfigureAwait(false) != all)
        {
            Logger.ActivitiesAbandonedAtShutdown(_running.Count);
            await _hardStop.CancelAsync().ConfigureAwait(false);
            await all.ConfigureAwait(false);
        }

        await _hardStop.CancelAsync().ConfigureAwait(false);
    }

    protected override async Task ProcessAsync(ActivityWorkItem item, CancellationToken stoppingToken)
    {
        var started = Stopwatch.GetTimestamp();
        DurableTelemetry.ActivityQueueLatency.Record((Time.GetUtcNow().UtcDateTime - item.ScheduledAt).TotalMilliseconds);
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(_hardStop.Token);
        _running[item.Id] = new Running(item, cancellation);
        using var span = DurableTelemetry.StartSpan($"activity {item.Name}", System.Diagnostics.ActivityKind.Internal, item.TraceParent);
        span?.SetTag("edgeflows.instance_id", item.InstanceId);
        span?.SetTag("edgeflows.activity.attempt", item.Attempt);
        try
        {
            var result = await RunAsync(item, cancellation.Token).ConfigureAwait(false);

            // No longer renewed from here on: the commit below takes milliseconds, and a
            // renewal racing with it would report the deleted row as a lost lease.
            _running.TryRemove(item.Id, out _);
            if (result is null)
            {
                // Stopped by shutdown or a lost lease: release it for another delivery.
                await Store.AbandonActivityAsync(item, CancellationToken.None).ConfigureAwait(false);
                return;
            }

            if (result is TaskFailed failed)
            {
                Logger.ActivityFailed(item.Name, item.IdempotencyKey, item.Attempt, failed.FailureDetails.ErrorType, failed.FailureDetails.ErrorMessage);
                span?.SetStatus(ActivityStatusCode.Error, failed.FailureDetails.ErrorType);
            }

            if (!await TryDeliverLocallyAsync(item, result).ConfigureAwait(false))
            {
                await Store.CompleteActivityAsync(item, result, CancellationToken.None).ConfigureAwait(false);
            }

            DurableTelemetry.ActivityDuration.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        catch (LeaseLostException ex)
        {
            Logger.LeaseLost($"activity '{item.Name}' ({item.IdempotencyKey})", ex.Message);
        }
        catch (Exception ex)
        {
            Logger.DispatchFailed($"activity '{item.Name}' ({item.IdempotencyKey})", ex);
        }
        finally
        {
            _running.TryRemove(item.Id, out _);
        }
    }

    /// <summary>
    /// The hot path: when this host has a free orchestration slot and nobody holds the
    /// instance, its next turn runs here with the result in memory, and that turn's commit
    /// records the result and removes the activity at once (one commit instead of two).
    /// </summary>
    /// <returns>False when the result must go through the inbox instead.</returns>
    private async Task<bool> TryDeliverLocallyAsync(ActivityWorkItem item, HistoryEvent result)
    {
        if (Orchestrations is null || Orchestrations.Reserve(1) == 0)
        {
            return false;
        }

        OrchestrationWorkItem? locked = null;
        try
        {
            locked = await Store.LockInstanceAsync(item.InstanceId, item.LockOwner, Options.OrchestrationLease, CancellationToken.None).ConfigureAwait(false);
            if (locked is not null && (locked.ExecutionId != item.ExecutionId || locked.Status.IsTerminal()))
            {
                // The call belongs to an execution that has ended: the inbox path drops it.
                await Store.AbandonOrchestrationAsync(locked, CancellationToken.None).ConfigureAwait(false);
                locked = null;
            }
        }
        finally
        {
            Orchestrations.RunReserved(
                locked is null ? [] : [locked with { Messages = [.. locked.Messages, new InboxMessage(0, result)], DeliveredActivity = item }],
                1);
        }

        return locked is not null;
    }

    /// <summary>Runs the activity; null when it was stopped and must be delivered again.</summary>
    private async Task<HistoryEvent?> RunAsync(ActivityWorkItem item, CancellationToken cancellationToken)
    {
        var now = Time.GetUtcNow().UtcDateTime;
        if (item.DeliveryCount > Options.MaxDeliveryCount)
        {
            Logger.PoisonWorkItem($"activity '{item.Name}' ({item.IdempotencyKey})", item.DeliveryCount - 1);
            DurableTelemetry.PoisonItems.Add(1);
            return new TaskFailed(now, item.TaskId, new TaskFailureDetails(
                "PoisonWorkItem",
                $"Activity '{item.Name}' was delivered {item.DeliveryCount - 1} times without completing (the host crashed or lost " +
                $"its lease each time); the limit is {Options.MaxDeliveryCount}."));
        }

        var scope = _scopes.CreateAsyncScope();
        await using var scopeDisposal = scope.ConfigureAwait(false);
        ITaskActivity? activity;
        try
        {
            activity = _registry.CreateActivity(item.Name, scope.ServiceProvider);
        }
        catch (Exception ex)
        {
            // A missing dependency or a throwing constructor fails this call on every host
            // alike: it is the call's failure (retry policies apply), not the delivery's.
            return new TaskFailed(now, item.TaskId, TaskFailureDetails.FromException(ex));
        }

        if (activity is null)
        {
            return new TaskFailed(now, item.TaskId, new TaskFailureDetails(
                "ActivityNotFound",
                $"No activity named '{item.Name}' is registered on this host (registered: {string.Join(", ", _registry.ActivityNames)})."));
        }

        object? input;
        try
        {
            input = item.Input is null ? null : JsonSerializer.Deserialize(item.Input, activity.InputType, DataConverter.PayloadOptions);
        }
        catch (JsonException ex)
        {
            return new TaskFailed(now, item.TaskId, TaskFailureDetails.FromException(
                new ArgumentException($"The input of activity '{item.Name}' cannot be read as {activity.InputType.Name}: {ex.Message}", ex)));
        }

        var context = new TaskActivityContext(item.Name, item.InstanceId, item.IdempotencyKey, item.Attempt, item.DeliveryCount);
        try
        {
            var output = await activity.RunAsync(context, input, cancellationToken).ConfigureAwait(false);
            return new TaskCompleted(Time.GetUtcNow().UtcDateTime, item.TaskId, _converter.Serialize(output, $"output of activity '{item.Name}'"));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return null;
        }
        catch (Exception ex)
        {
            return new TaskFailed(Time.GetUtcNow().UtcDateTime, item.TaskId, TaskFailureDetails.FromException(ex));
        }
    }

    private sealed record Running(ActivityWorkItem Item, CancellationTokenSource Cancellation);
}
