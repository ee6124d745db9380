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
    private bool _pending;

    /// <summary>Wakes the current waiters, or the next one to wait.</summary>
    public void Set()
    {
        TaskCompletionSource? waiters;
        lock (_lock)
        {
            waiters = _waiters;
            _waiters = null;
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
            signalled = _waiters.Task;
        }

        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var delay = Task.Delay(timeout, timeoutSource.Token);
        var first = await Task.WhenAny(signalled, delay).ConfigureAwait(false);
        await timeoutSource.CancelAsync().ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        return first == signalled;
    }
}
