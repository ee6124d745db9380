namespace EdgeFlows.Durable.Stores;

/// <summary>
/// In-process wake-ups: a store sets these when it commits work a dispatcher in the same
/// process can take, so the hot path never waits for a poll.
/// </summary>
public sealed class WorkSignals
{
    /// <summary>Set when orchestration work (messages) was committed.</summary>
    public AsyncSignal Orchestrations { get; } = new();

    /// <summary>Set when activity work was committed or released.</summary>
    public AsyncSignal Activities { get; } = new();
}

/// <summary>
/// An auto-reset signal that can be awaited with a timeout. Setting it while nobody waits
/// is remembered once, so a wake-up between a poll and a wait is never lost. Setting it
/// wakes every current waiter; each then polls for work.
/// </summary>
public sealed class AsyncSignal
{
    private readonly Lock _lock = new();
    private TaskCompletionSource? _waiters;
    private int _waiting;
    private bool _pending;

    /// <summary>Wakes the current waiters, or the next one to wait.</summary>
    public void Set()
    {
        TaskCompletionSource? waiters;
        lock (_lock)
        {
            waiters = _waiters;
            _waiters = null;
            _waiting = 0;
            _pending = waiters is null;
        }

        waiters?.TrySetResult();
    }

    /// <summary>Waits until set or until the timeout; true when set.</summary>
    public async Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        Task signalled;
        lock (_lock)
        {
            if (_pending)
            {
                _pending = false;
                return true;
            }

            _waiters ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiting++;
            signalled = _waiters.Task;
        }

        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var delay = Task.Delay(timeout, timeoutSource.Token);
        await Task.WhenAny(signalled, delay).ConfigureAwait(false);
        await timeoutSource.CancelAsync().ConfigureAwait(false);
        bool set;
        lock (_lock)
        {
            // Set detaches the waiters it wakes. Still attached means not woken: this waiter
            // leaves, and the last to leave detaches the source, or a later Set would wake
            // nobody instead of being remembered for the next wait.
            set = _waiters?.Task != signalled;
            if (!set && --_waiting == 0)
            {
                _waiters = null;
            }
        }

        cancellationToken.ThrowIfCancellationRequested();
        return set;
    }
}
