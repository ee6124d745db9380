namespace EdgeFlows.Durable.Execution;

/// <summary>
/// The single-threaded scheduler orchestrator code runs on. A turn drains its queue on the
/// dispatcher's thread until nothing is left to run, so the code runs one step at a time,
/// in a repeatable order. Work queued from any other thread, or while no turn runs, means
/// the code awaited something the runtime does not own; it is recorded as a violation and
/// fails the instance instead of leaving it hanging.
/// </summary>
internal sealed class OrchestrationScheduler : TaskScheduler
{
    private readonly Queue<Task> _queue = new();
    private readonly Lock _lock = new();
    private int _runningThreadId;

    /// <summary>The first sign of foreign work, if any.</summary>
    public string? Violation { get; private set; }

    /// <summary>True on the thread that is running a turn right now.</summary>
    public bool IsOnOrchestrationThread => Volatile.Read(ref _runningThreadId) == Environment.CurrentManagedThreadId;

    /// <inheritdoc />
    public override int MaximumConcurrencyLevel => 1;

    /// <summary>Marks the calling thread as the orchestration thread for the duration of a turn.</summary>
    public void Enter() => Volatile.Write(ref _runningThreadId, Environment.CurrentManagedThreadId);

    /// <summary>Ends the turn: work queued after this is foreign.</summary>
    public void Exit() => Volatile.Write(ref _runningThreadId, 0);

    /// <summary>Runs queued work until none is left.</summary>
    public void RunUntilIdle()
    {
        while (true)
        {
            Task? next;
            lock (_lock)
            {
                if (!_queue.TryDequeue(out next))
                {
                    return;
                }
            }

            TryExecuteTask(next);
        }
    }

    /// <inheritdoc />
    protected override void QueueTask(Task task)
    {
        lock (_lock)
        {
            if (!IsOnOrchestrationThread)
            {
                Violation ??= "Orchestrator code continued on a thread the runtime does not own: it awaited work that is not " +
                    "an activity, timer, event or sub-orchestration (for example Task.Delay, Task.Run, I/O or ConfigureAwait(false)). " +
                    "Move such work into an activity and use CreateTimer for delays.";
            }

            _queue.Enqueue(task);
        }
    }

    /// <inheritdoc />
    protected override bool TryExecuteTaskInline(Task task, bool taskWasPreviouslyQueued) => false;

    /// <inheritdoc />
    protected override IEnumerable<Task> GetScheduledTasks()
    {
        lock (_lock)
        {
            return [.. _queue];
        }
    }
}
