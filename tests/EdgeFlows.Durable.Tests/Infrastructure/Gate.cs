namespace EdgeFlows.Durable.Tests.Infrastructure;

/// <summary>
/// Holds an activity until the test opens it, and tells the test when the activity has
/// reached it. Registered as a DI singleton, so activities take it by constructor injection.
/// </summary>
public sealed class Gate
{
    private static readonly TimeSpan WaitLimit = TimeSpan.FromSeconds(30);
    private readonly TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _opened = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>True once some caller has reached the gate.</summary>
    public bool HasBeenEntered => _entered.Task.IsCompleted;

    /// <summary>Lets every waiting and future caller through.</summary>
    public void Open() => _opened.TrySetResult();

    /// <summary>Completes once some caller has reached the gate; fails the test after 30 s.</summary>
    public Task WaitUntilEnteredAsync() => _entered.Task.WaitAsync(WaitLimit);

    /// <summary>Called by the activity: signals arrival, then waits until the gate opens.</summary>
    public Task PassAsync(CancellationToken cancellationToken)
    {
        _entered.TrySetResult();
        return _opened.Task.WaitAsync(cancellationToken);
    }
}
