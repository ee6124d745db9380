// The OrchestrationContext orchestrator code sees. Every method records an action with the
// next task id; the replay half (ReplayOrchestrationContext.Replay.cs) matches actions
// against history and completes them from history events.
#pragma warning disable CA2007 // Orchestrator-side code must resume on the orchestration scheduler.
using System.Security.Cryptography;
using System.Text;
using EdgeFlows.Durable.History;
using EdgeFlows.Durable.Serialization;
using Microsoft.Extensions.Logging;

namespace EdgeFlows.Durable.Execution;

/// <summary>Runs one orchestration execution by replaying its history.</summary>
internal sealed partial class ReplayOrchestrationContext : OrchestrationContext
{
    private readonly ITaskOrchestrator _orchestrator;
    private readonly DataConverter _converter;
    private readonly ILoggerFactory _loggerFactory;
    private readonly OrchestrationScheduler _scheduler = new();

    // Actions the code took that history has not confirmed yet, by task id.
    private readonly SortedDictionary<int, HistoryEvent> _pendingActions = [];

    // Scheduled work the code may still be waiting for, by task id.
    private readonly Dictionary<int, Action<HistoryEvent>> _openTasks = [];
    private readonly List<EventWaiter> _eventWaiters = [];
    private readonly List<EventRaised> _unprocessedEvents = [];
    private int _nextTaskId;
    private int _guidCounter;
    private object? _input;

    public ReplayOrchestrationContext(ITaskOrchestrator orchestrator, DataConverter converter, ILoggerFactory loggerFactory)
    {
        _orchestrator = orchestrator;
        _converter = converter;
        _loggerFactory = loggerFactory;
    }

    public override string Name => Started.Name;

    public override string InstanceId => Started.InstanceId;

    public override string ExecutionId => Started.ExecutionId;

    public override string? ParentInstanceId => Started.ParentInstanceId;

    public override DateTime CurrentUtcDateTime => _now;

    public override bool IsReplaying => _isReplaying;

    private ExecutionStarted Started => _started ?? throw new InvalidOperationException("The orchestration has not started.");

    public override T? GetInput<T>()
        where T : default => _input is T typed ? typed : DataConverter.Deserialize<T>(Started.Input, "orchestration input");

    public override Task<TResult> CallActivityAsync<TResult>(string name, object? input = null, TaskOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var json = _converter.Serialize(input, $"input of activity '{name}'");
        return WithRetry(options?.Retry, attempt => ScheduleActivity<TResult>(name, json, attempt));
    }

    public override Task<TResult> CallSubOrchestratorAsync<TResult>(string name, object? input = null, TaskOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var json = _converter.Serialize(input, $"input of sub-orchestration '{name}'");
        var requestedId = (options as SubOrchestrationOptions)?.InstanceId;
        return WithRetry(options?.Retry, attempt => ScheduleSubOrchestration<TResult>(name, json, requestedId, attempt));
    }

    public override Task CreateTimer(DateTime fireAt, CancellationToken cancellationToken)
    {
        EnsureOnOrchestrationThread();
        var fireAtUtc = fireAt.Kind == DateTimeKind.Local ? fireAt.ToUniversalTime() : DateTime.SpecifyKind(fireAt, DateTimeKind.Utc);
        var id = _nextTaskId++;

        // Completed on the orchestration thread, with continuations run there too: the code's
        // awaits queue to the orchestration scheduler either way, but Task.WhenAny/WhenAll over
        // this task (it is handed out as it is, not wrapped by an async method) would otherwise
        // complete on a pool thread and resume the code outside the turn.
        var completion = new TaskCompletionSource();
        _pendingActions.Add(id, new TimerCreated(_now, id, fireAtUtc));
        _openTasks.Add(id, _ => completion.TrySetResult());
        if (cancellationToken.CanBeCanceled)
        {
            // The timer stays in history and fires later; its result is then ignored.
            cancellationToken.Register(() => completion.TrySetCanceled(cancellationToken));
        }

        return completion.Task;
    }

    public override async Task<T> WaitForExternalEvent<T>(string eventName, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(eventName);
        EnsureOnOrchestrationThread();
        var waiter = new EventWaiter(eventName);
        var buffered = _unprocessedEvents.FindIndex(e => string.Equals(e.Name, eventName, StringComparison.OrdinalIgnoreCase));
        if (buffered >= 0)
        {
            var raised = _unprocessedEvents[buffered];
            _unprocessedEvents.RemoveAt(buffered);
            return DataConverter.Deserialize<T>(raised.Input, $"event '{eventName}'")!;
        }

        _eventWaiters.Add(waiter);
        using var timerCancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var registration = cancellationToken.Register(() => Cancel(waiter, cancellationToken));
        if (timeout is { } limit && limit != Timeout.InfiniteTimeSpan)
        {
            _ = CreateTimer(_now + limit, timerCancellation.Token).ContinueWith(
                t =>
                {
                    if (t.IsCompletedSuccessfully)
                    {
                        Cancel(waiter, CancellationToken.None);
                    }
                },
                CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously,
                _scheduler);
        }

        try
        {
            var json = await waiter.Completion.Task;
            return DataConverter.Deserialize<T>(json, $"event '{eventName}'")!;
        }
        finally
        {
            // Cancel synchronously: CancelAsync would complete the timer task on a pool
            // thread, off the orchestration scheduler.
#pragma warning disable CA1849
            timerCancellation.Cancel();
#pragma warning restore CA1849
        }
    }

    public override Guid NewGuid()
    {
        // A name-based (version 5) UUID from the instance id, the turn's time and a counter:
        // the same on every replay.
        var name = $"{InstanceId}_{_now:o}_{_guidCounter++}";
        Span<byte> input = stackalloc byte[16 + Encoding.UTF8.GetMaxByteCount(name.Length)];
        GuidNamespace.TryWriteBytes(input[..16], bigEndian: true, out _);
        var length = 16 + Encoding.UTF8.GetBytes(name, input[16..]);
#pragma warning disable CA5350 // SHA-1 is what RFC 9562 prescribes for version 5 UUIDs; not used for security.
        Span<byte> hash = stackalloc byte[20];
        SHA1.HashData(input[..length], hash);
#pragma warning restore CA5350
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash[..16], bigEndian: true);
    }

    public override void SetCustomStatus(object? customStatus)
    {
        EnsureOnOrchestrationThread();
        _customStatus = _converter.Serialize(customStatus, "custom status");
        _customStatusChanged = true;
    }

    public override void ContinueAsNew(object? newInput, bool preserveUnprocessedEvents = true)
    {
        EnsureOnOrchestrationThread();
        _continueAsNew = (_converter.Serialize(newInput, "continue-as-new input"), preserveUnprocessedEvents);
    }

    public override ILogger CreateReplaySafeLogger(ILogger logger) => new ReplaySafeLogger(logger, () => _isReplaying);

    public override ILogger CreateReplaySafeLogger(string categoryName) => CreateReplaySafeLogger(_loggerFactory.CreateLogger(categoryName));

    private static readonly Guid GuidNamespace = new("9e952958-5e33-4daf-827f-2fa12937b875");

    private async Task<TResult> WithRetry<TResult>(RetryPolicy? policy, Func<int, Task<TResult>> attempt)
    {
        if (policy is null)
        {
            return await attempt(1);
        }

        var firstAttemptAt = _now;
        for (var number = 1; ; number++)
        {
            try
            {
                return await attempt(number);
            }
            catch (TaskFailedException ex) when (number < policy.MaxNumberOfAttempts && (policy.Handle?.Invoke(ex.FailureDetails) ?? true))
            {
                var retryAt = _now + policy.GetDelay(number);
                if (policy.RetryTimeout != Timeout.InfiniteTimeSpan && retryAt > firstAttemptAt + policy.RetryTimeout)
                {
                    throw;
                }

                await CreateTimer(retryAt, CancellationToken.None);
            }
        }
    }

    private Task<TResult> ScheduleActivity<TResult>(string name, string? input, int attempt)
    {
        EnsureOnOrchestrationThread();
        var id = _nextTaskId++;
        var completion = new TaskCompletionSource<TResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pendingActions.Add(id, new TaskScheduled(_now, id, name, input, attempt));
        _openTasks.Add(id, e => Complete(completion, e, name, id));
        return completion.Task;
    }

    private Task<TResult> ScheduleSubOrchestration<TResult>(string name, string? input, string? requestedId, int attempt)
    {
        EnsureOnOrchestrationThread();
        var id = _nextTaskId++;
        var childId = requestedId is null ? $"{InstanceId}:{id}" : attempt == 1 ? requestedId : $"{requestedId}:{attempt}";
        var completion = new TaskCompletionSource<TResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pendingActions.Add(id, new SubOrchestrationCreated(_now, id, name, childId, input));
        _openTasks.Add(id, e => Complete(completion, e, name, id));
        return completion.Task;
    }

    private static void Complete<TResult>(TaskCompletionSource<TResult> completion, HistoryEvent outcome, string name, int id)
    {
        try
        {
            switch (outcome)
            {
                case TaskCompleted done:
                    completion.TrySetResult(DataConverter.Deserialize<TResult>(done.Result, $"result of '{name}'")!);
                    break;
                case SubOrchestrationCompleted done:
                    completion.TrySetResult(DataConverter.Deserialize<TResult>(done.Result, $"result of '{name}'")!);
                    break;
                case TaskFailed failed:
                    completion.TrySetException(new TaskFailedException(name, id, failed.FailureDetails));
                    break;
                case SubOrchestrationFailed failed:
                    completion.TrySetException(new TaskFailedException(name, id, failed.FailureDetails));
                    break;
                default:
                    throw new NonDeterministicOrchestrationException($"Task #{id} ('{name}') received a {outcome.EventType} event, which cannot complete it.");
            }
        }
        catch (ArgumentException ex)
        {
            completion.TrySetException(ex);
        }
    }

    private void Cancel(EventWaiter waiter, CancellationToken cancellationToken)
    {
        if (_eventWaiters.Remove(waiter))
        {
            waiter.Completion.TrySetCanceled(cancellationToken);
        }
    }

    private void EnsureOnOrchestrationThread()
    {
        if (!_scheduler.IsOnOrchestrationThread)
        {
            _threadingViolation ??= "Orchestrator code called the orchestration context from a thread the runtime does not own " +
                "(after ConfigureAwait(false), Task.Run, or a foreign await). Orchestrator code must only await tasks the context returns.";
            throw new OrchestrationThreadingException(_threadingViolation);
        }
    }

    private sealed class EventWaiter(string name)
    {
        public string Name { get; } = name;

        public TaskCompletionSource<string?> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
