// Runs orchestration turns: takes a leased instance, finds its state in the cache or
// rebuilds it from history, applies the new messages, and commits the turn atomically.
using System.Diagnostics;
using EdgeFlows.Durable.Execution;
using EdgeFlows.Durable.History;
using EdgeFlows.Durable.Hosting;
using EdgeFlows.Durable.Serialization;
using EdgeFlows.Durable.Stores;
using EdgeFlows.Durable.Telemetry;
using Microsoft.Extensions.Logging;

namespace EdgeFlows.Durable.Dispatch;

/// <summary>Leases instances with due messages and runs their turns.</summary>
internal sealed class OrchestrationDispatcher : WorkDispatcher<OrchestrationWorkItem>
{
    private readonly OrchestrationRegistry _registry;
    private readonly IServiceProvider _services;
    private readonly DataConverter _converter;
    private readonly ILoggerFactory _loggerFactory;
    private readonly OrchestrationCache _cache;

    public OrchestrationDispatcher(
        IOrchestrationStore store,
        OrchestrationRegistry registry,
        IServiceProvider services,
        DataConverter converter,
        DurableRuntimeOptions options,
        ILoggerFactory loggerFactory,
        TimeProvider time)
        : base(store, options, store.Signals.Orchestrations, options.MaxConcurrentOrchestrations, loggerFactory.CreateLogger<OrchestrationDispatcher>(), time)
    {
        _registry = registry;
        _services = services;
        _converter = converter;
        _loggerFactory = loggerFactory;
        _cache = new OrchestrationCache(options.OrchestrationCacheSize);
    }

    /// <summary>The activity dispatcher of this host, which runs the calls a turn leases for it.</summary>
    public WorkDispatcher<ActivityWorkItem>? Activities { get; set; }

    /// <summary>Orchestration states held in memory now.</summary>
    public int CachedCount => _cache.Count;

    protected override Task<IReadOnlyList<OrchestrationWorkItem>> LockAsync(int maxItems, CancellationToken cancellationToken) =>
        Store.LockNextOrchestrationsAsync(Options.WorkerId, maxItems, Options.OrchestrationLease, cancellationToken);

    protected override async Task<TimeSpan> IdleWaitAsync(TimeSpan backoff, CancellationToken cancellationToken)
    {
        var nextDue = await Store.GetNextDueTimeAsync(cancellationToken).ConfigureAwait(false);
        if (nextDue is null)
        {
            return backoff;
        }

        var untilDue = nextDue.Value - Time.GetUtcNow().UtcDateTime;
        return untilDue < backoff ? (untilDue > TimeSpan.Zero ? untilDue : TimeSpan.Zero) : backoff;
    }

    protected override async Task ProcessAsync(OrchestrationWorkItem item, CancellationToken stoppingToken)
    {
        var started = Stopwatch.GetTimestamp();
        ReplayOrchestrationContext? context = null;

        // The span joins the starter's trace. Only the first turn carries ExecutionStarted in
        // its messages; later turns find it in the cached state or the history, so the span
        // starts once the state is known.
        Activity? span = null;
        try
        {
            var now = Time.GetUtcNow().UtcDateTime;
            OrchestrationTurn turn;
            if (item.DeliveryCount > Options.MaxDeliveryCount)
            {
                span = StartTurnSpan(item, null, null);
                Logger.PoisonWorkItem($"orchestration '{item.InstanceId}'", item.DeliveryCount - 1);
                DurableTelemetry.PoisonItems.Add(1);
                turn = await FailedTurnAsync(item, new TaskFailureDetails(
                    "PoisonWorkItem",
                    $"The orchestration's work was delivered {item.DeliveryCount - 1} times without being committed " +
                    $"(the host crashed or lost its lease each time); the limit is {Options.MaxDeliveryCount}."), now).ConfigureAwait(false);
            }
            else if (item.Status.IsTerminal())
            {
                span = StartTurnSpan(item, null, null);
                turn = await LateMessagesTurnAsync(item, stoppingToken).ConfigureAwait(false);
            }
            else
            {
                context = _cache.TryTake(item.InstanceId, item.ExecutionId, item.HistoryCount);
                IReadOnlyList<HistoryEvent>? history = null;
                if (context is null)
                {
                    var (orchestrator, cannotRun) = CreateOrchestrator(item);
                    if (orchestrator is null)
                    {
                        span = StartTurnSpan(item, null, null);
                        turn = await FailedTurnAsync(item, cannotRun!, now).ConfigureAwait(false);
                        await CommitAsync(item, turn, null, started).ConfigureAwait(false);
                        return;
                    }

                    context = new ReplayOrchestrationContext(orchestrator, _converter, _loggerFactory);
                    history = item.HistoryCount == 0 ? [] : await Store.GetHistoryAsync(item.InstanceId, stoppingToken).ConfigureAwait(false);
                }

                span = StartTurnSpan(item, context, history);
                turn = context.RunTurn(history, item.Messages, now);
            }

            await CommitAsync(item, turn, context, started).ConfigureAwait(false);
        }
        catch (LeaseLostException ex)
        {
            // Either the instance's lease or, for a result delivered in memory, the activity's
            // lease was lost. Release the instance if it is still ours; the activity runs again
            // wherever its lease went.
            Logger.LeaseLost($"orchestration '{item.InstanceId}'", ex.Message);
            await TryAsync(() => Store.AbandonOrchestrationAsync(item, CancellationToken.None), item).ConfigureAwait(false);
        }
        catch (StoreCorruptedException ex)
        {
            // Unreadable history: the instance cannot run again, but the host goes on.
            var turn = await FailedTurnAsync(item, TaskFailureDetails.FromException(ex), Time.GetUtcNow().UtcDateTime).ConfigureAwait(false);
            await TryAsync(() => CommitAsync(item, turn, null, started), item).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // Not released: the item comes back when its lease expires, and this failed
            // delivery counts towards the poison limit.
            Logger.DispatchFailed($"orchestration '{item.InstanceId}'", ex);
        }
        finally
        {
            span?.Dispose();
        }
    }

    /// <summary>Creates the instance's orchestrator, or says why it cannot run on this host.</summary>
    private (ITaskOrchestrator? Orchestrator, TaskFailureDetails? Failure) CreateOrchestrator(OrchestrationWorkItem item)
    {
        try
        {
            if (_registry.CreateOrchestrator(item.Name, _services) is { } orchestrator)
            {
                return (orchestrator, null);
            }
        }
        catch (Exception ex)
        {
            // A missing dependency or a throwing constructor fails on every host alike;
            // redelivering would only end in a poison failure that hides the cause.
            return (null, TaskFailureDetails.FromException(ex));
        }

        Logger.UnknownOrchestrator(item.Name, item.InstanceId);
        return (null, new TaskFailureDetails(
            "OrchestratorNotFound",
            $"No orchestrator named '{item.Name}' is registered on this host (registered: {string.Join(", ", _registry.OrchestratorNames)})."));
    }

    /// <summary>Starts the turn's span under the trace that started the execution, wherever its ExecutionStarted is.</summary>
    private static Activity? StartTurnSpan(OrchestrationWorkItem item, ReplayOrchestrationContext? context, IReadOnlyList<HistoryEvent>? history)
    {
        var traceParent = context?.TraceParent
            ?? (history ?? []).Concat(item.Messages.Select(m => m.Event)).OfType<ExecutionStarted>().FirstOrDefault()?.TraceParent;
        var span = DurableTelemetry.StartSpan($"orchestration {item.Name}", ActivityKind.Internal, traceParent);
        span?.SetTag("edgeflows.instance_id", item.InstanceId);
        return span;
    }

    private async Task CommitAsync(OrchestrationWorkItem item, OrchestrationTurn turn, ReplayOrchestrationContext? context, long started)
    {
        // The new activity calls are leased to this host in the same commit when it has free
        // activity slots: they start without a poll or another transaction.
        var wanted = turn.Status.IsTerminal() ? 0 : turn.Activities?.Count ?? 0;
        var reserved = wanted == 0 || Activities is null ? 0 : Activities.Reserve(wanted);
        if (item.DeliveredActivity is { } delivered)
        {
            turn = turn with { CompletedActivities = [delivered] };
        }

        IReadOnlyList<ActivityWorkItem> claimed;
        try
        {
            // Committed without the stopping token: a turn is all or nothing, and finishing it
            // at shutdown is cheaper than running it again.
            claimed = await Store.CompleteOrchestrationAsync(
                item, turn, reserved == 0 ? null : new WorkClaim(reserved, Options.ActivityLease), CancellationToken.None).ConfigureAwait(false);
        }
        catch
        {
            Activities?.RunReserved([], reserved);
            throw;
        }

        // Cached before the claimed calls start: a call that finishes at once must find the
        // state here, or its turn would rebuild it from history.
        if (context is not null && !context.IsFinished)
        {
            _cache.Put(item.InstanceId, context);
        }

        Activities?.RunReserved(claimed, reserved);
        if (turn.Status.IsTerminal() && !item.Status.IsTerminal())
        {
            Logger.InstanceFinished(item.Name, item.InstanceId, turn.Status);
        }

        DurableTelemetry.TurnDuration.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }

    /// <summary>A turn that fails the instance without running its code, and tells its parent.</summary>
    private async Task<OrchestrationTurn> FailedTurnAsync(OrchestrationWorkItem item, TaskFailureDetails failure, DateTime now)
    {
        var history = new List<HistoryEvent> { new OrchestratorStarted(now) };
        history.AddRange(item.Messages.Select(m => m.Event));
        history.Add(new ExecutionCompleted(now, OrchestrationRuntimeStatus.Failed, null, failure));
        var started = item.Messages.Select(m => m.Event).OfType<ExecutionStarted>().FirstOrDefault();
        if (started is null && item.HistoryCount > 0)
        {
            try
            {
                started = (await Store.GetHistoryAsync(item.InstanceId).ConfigureAwait(false)).OfType<ExecutionStarted>().FirstOrDefault();
            }
            catch (StoreCorruptedException)
            {
                // The parent cannot be found in a damaged history; the failure still stands.
            }
        }

        var toParent = started is { ParentInstanceId: { } parent, ParentTaskId: { } task }
            ? new[] { new OutgoingMessage(parent, new SubOrchestrationFailed(now, task, failure), TargetExecutionId: started.ParentExecutionId) }
            : [];
        return new OrchestrationTurn(history, [.. item.Messages.Select(m => m.Id)], OrchestrationRuntimeStatus.Failed, Failure: failure, Messages: toParent);
    }

    /// <summary>Messages for a finished instance are consumed without changing its result.</summary>
    private async Task<OrchestrationTurn> LateMessagesTurnAsync(OrchestrationWorkItem item, CancellationToken cancellationToken)
    {
        Logger.LateMessagesDropped(item.InstanceId, item.Messages.Count);
        var instance = await Store.GetInstanceAsync(item.InstanceId, true, cancellationToken).ConfigureAwait(false);
        return new OrchestrationTurn([], [.. item.Messages.Select(m => m.Id)], item.Status, Output: instance?.Output, Failure: instance?.Failure);
    }

    private async Task TryAsync(Func<Task> action, OrchestrationWorkItem item)
    {
        try
        {
            await action().ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // The lease will expire and the work is delivered again.
            Logger.DispatchFailed($"orchestration '{item.InstanceId}' (releasing)", ex);
        }
    }
}
