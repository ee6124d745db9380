// The poll loop both dispatchers share: lease as many items as there are free slots, run
// each on the thread pool, and when there is nothing to do wait for an in-process signal,
// the next due timer, or a back-off that grows to MaxPollInterval (no busy polling).
// Work the other dispatcher leased for this host in its own commit (the hot path) comes
// in through Reserve/RunReserved, under the same concurrency limit.
using EdgeFlows.Durable.Hosting;
using EdgeFlows.Durable.Stores;
using EdgeFlows.Durable.Telemetry;
using Microsoft.Extensions.Logging;

namespace EdgeFlows.Durable.Dispatch;

/// <summary>Leases work items of one kind and runs them with bounded concurrency.</summary>
internal abstract class WorkDispatcher<TItem> : IDisposable
{
    private readonly AsyncSignal _signal;
    private readonly int _maxConcurrency;
    private readonly SemaphoreSlim _slots;
    private readonly List<Task> _running = [];
    private readonly Lock _runningLock = new();
    private CancellationToken _stoppingToken = new(canceled: true);

    protected WorkDispatcher(IOrchestrationStore store, DurableRuntimeOptions options, AsyncSignal signal, int maxConcurrency, ILogger logger, TimeProvider time)
    {
        Store = store;
        Options = options;
        _signal = signal;
        _maxConcurrency = maxConcurrency;
        _slots = new SemaphoreSlim(maxConcurrency, maxConcurrency);
        Logger = logger;
        Time = time;
    }

    protected IOrchestrationStore Store { get; }

    protected DurableRuntimeOptions Options { get; }

    protected ILogger Logger { get; }

    protected TimeProvider Time { get; }

    public virtual void Dispose() => _slots.Dispose();

    /// <summary>Polls and dispatches until <paramref name="stoppingToken"/> is cancelled, then waits for running items.</summary>
    public async Task RunAsync(CancellationToken stoppingToken)
    {
        _stoppingToken = stoppingToken;
        var idleDelay = Options.MinPollInterval;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await _slots.WaitAsync(stoppingToken).ConfigureAwait(false);
                var free = 1 + Reserve(_maxConcurrency - 1);
                IReadOnlyList<TItem> items;
                try
                {
                    items = await LockAsync(free, stoppingToken).ConfigureAwait(false);
                }
                catch
                {
                    _slots.Release(free);
                    throw;
                }

                RunReserved(items, free);
                if (items.Count == 0)
                {
                    await WaitForWorkAsync(idleDelay, stoppingToken).ConfigureAwait(false);
                    idleDelay = TimeSpan.FromTicks(Math.Min(idleDelay.Ticks * 2, Options.MaxPollInterval.Ticks));
                    continue;
                }

                idleDelay = Options.MinPollInterval;
                if (items.Count < free)
                {
                    // Fewer items than free slots: the queue is empty now. Wait for a signal
                    // (work committed here) or the shortest poll, rather than polling again at once.
                    await WaitForWorkAsync(idleDelay, stoppingToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                // The store is unreachable or failing: wait and try again; leases expire,
                // so nothing is lost.
                Logger.PollFailed(Options.MaxPollInterval.TotalMilliseconds, ex);
                await Task.Delay(Options.MaxPollInterval, Time, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default).ConfigureAwait(false);
            }
        }

        await DrainAsync().ConfigureAwait(false);
    }

    /// <summary>Takes up to <paramref name="wanted"/> free slots without waiting; 0 once stopping.</summary>
    public int Reserve(int wanted)
    {
        var reserved = 0;
        while (reserved < wanted && !_stoppingToken.IsCancellationRequested && _slots.Wait(0, CancellationToken.None))
        {
            reserved++;
        }

        return reserved;
    }

    /// <summary>Runs items leased with <paramref name="reserved"/> slots taken, and frees the slots not used.</summary>
    public void RunReserved(IReadOnlyList<TItem> items, int reserved)
    {
        ArgumentNullException.ThrowIfNull(items);
        if (items.Count > reserved)
        {
            // A store returned more than it was asked for. Running them would take slots
            // nobody reserved (and a later release would overflow the semaphore); their leases
            // expire, so they run later, within the limit.
            if (reserved > 0)
            {
                _slots.Release(reserved);
            }

            throw new InvalidOperationException(
                $"The store leased {items.Count} work items when asked for at most {reserved}; they run again when their leases expire.");
        }

        if (reserved > items.Count)
        {
            _slots.Release(reserved - items.Count);
        }

        var stoppingToken = _stoppingToken;
        foreach (var item in items)
        {
            Track(Task.Run(
                async () =>
                {
                    try
                    {
                        await ProcessAsync(item, stoppingToken).ConfigureAwait(false);
                    }
                    finally
                    {
                        _slots.Release();
                    }
                },
                CancellationToken.None));
        }
    }

    /// <summary>Leases up to <paramref name="maxItems"/> items.</summary>
    protected abstract Task<IReadOnlyList<TItem>> LockAsync(int maxItems, CancellationToken cancellationToken);

    /// <summary>Runs one item to its commit; must not throw.</summary>
    protected abstract Task ProcessAsync(TItem item, CancellationToken stoppingToken);

    /// <summary>Waits for running items when the dispatcher stops.</summary>
    protected virtual Task DrainAsync() => RunningTasks();

    /// <summary>The items running now.</summary>
    protected Task RunningTasks()
    {
        lock (_runningLock)
        {
            return Task.WhenAll(_running.ToArray());
        }
    }

    /// <summary>How long to sleep when idle; orchestrations also wake for the next due timer.</summary>
    protected virtual Task<TimeSpan> IdleWaitAsync(TimeSpan backoff, CancellationToken cancellationToken) => Task.FromResult(backoff);

    private async Task WaitForWorkAsync(TimeSpan backoff, CancellationToken stoppingToken)
    {
        var wait = await IdleWaitAsync(backoff, stoppingToken).ConfigureAwait(false);
        if (wait > TimeSpan.Zero)
        {
            await _signal.WaitAsync(wait, stoppingToken).ConfigureAwait(false);
        }
    }

    private void Track(Task task)
    {
        lock (_runningLock)
        {
            _running.RemoveAll(t => t.IsCompleted);
            _running.Add(task);
        }
    }
}
