// The replay half of the context: applies history and new messages to the running code,
// matches the code's actions against history, and builds the turn to commit.
using System.Text.Json;
using EdgeFlows.Durable.History;
using EdgeFlows.Durable.Serialization;
using EdgeFlows.Durable.Stores;

namespace EdgeFlows.Durable.Execution;

internal sealed partial class ReplayOrchestrationContext
{
    private ExecutionStarted? _started;
    private Task<object?>? _run;
    private bool _isReplaying;
    private DateTime _now;
    private bool _suspended;
    private readonly List<HistoryEvent> _deferredWhileSuspended = [];
    private string? _customStatus;
    private bool _customStatusChanged;
    private (string? Input, bool PreserveEvents)? _continueAsNew;
    private string? _threadingViolation;
    private Completion? _completion;

    /// <summary>How many history events this context has applied (its position in the committed history).</summary>
    public int HistoryCount { get; private set; }

    /// <summary>The execution this context runs.</summary>
    public string? CurrentExecutionId => _started?.ExecutionId;

    /// <summary>The W3C traceparent of the client that started the execution, once started.</summary>
    public string? TraceParent => _started?.TraceParent;

    /// <summary>True once the execution has ended; a finished context is not cached.</summary>
    public bool IsFinished => _completion is not null;

    /// <summary>
    /// Runs one turn: replays <paramref name="history"/> when this context is new, then
    /// applies the new messages, and returns everything the turn commits.
    /// </summary>
    public OrchestrationTurn RunTurn(IReadOnlyList<HistoryEvent>? history, IReadOnlyList<InboxMessage> messages, DateTime now)
    {
        var newHistory = new List<HistoryEvent>();
        var consumed = new List<long>(messages.Count);
        _scheduler.Enter();
        try
        {
            if (history is not null)
            {
                _isReplaying = true;
                foreach (var past in history)
                {
                    Apply(past);
                }

                HistoryCount = history.Count;
            }

            _isReplaying = false;
            _customStatusChanged = false;
            var turnStarted = new OrchestratorStarted(now);
            Apply(turnStarted);
            newHistory.Add(turnStarted);
            foreach (var message in messages)
            {
                if (_completion?.Status == OrchestrationRuntimeStatus.ContinuedAsNew)
                {
                    // This execution ended at the previous message; the rest (events, a
                    // terminate...) stay in the inbox for the next execution.
                    break;
                }

                if (_completion is null)
                {
                    Apply(message.Event);
                }
                else if (message.Event is EventRaised late && _completion.Status == OrchestrationRuntimeStatus.ContinuedAsNew)
                {
                    // Not awaited by the ending execution: carried to the next one like any
                    // other unprocessed event (when asked to, see BuildTurn).
                    _unprocessedEvents.Add(late);
                }

                // Messages that arrive after the end are consumed and kept in history for the record.
                newHistory.Add(message.Event);
                consumed.Add(message.Id);
            }

            CheckThreading();
            newHistory.AddRange(_pendingActions.Values);
        }
        catch (Exception ex) when (ex is NonDeterministicOrchestrationException or OrchestrationThreadingException or StoreCorruptedException)
        {
            // The turn's actions are dropped: a broken replay must not schedule more work.
            _completion = new Completion(OrchestrationRuntimeStatus.Failed, null, TaskFailureDetails.FromException(ex));
        }
        finally
        {
            _scheduler.Exit();
        }

        var actions = _pendingActions.Values.ToList();
        _pendingActions.Clear();
        if (_completion is not null)
        {
            newHistory.Add(new ExecutionCompleted(now, _completion.Status, _completion.Output, _completion.Failure));
        }

        HistoryCount += newHistory.Count;
        return BuildTurn(newHistory, consumed, actions, now);
    }

    private void Apply(HistoryEvent historyEvent)
    {
        switch (historyEvent)
        {
            case OrchestratorStarted started:
                _now = started.Timestamp;
                break;
            case ExecutionStarted started:
                Start(started);
                break;
            case TaskScheduled or TimerCreated or SubOrchestrationCreated:
                MatchAction(historyEvent);
                break;
            case ExecutionSuspended:
                _suspended = true;
                break;
            case ExecutionResumed:
                _suspended = false;
                var deferred = _deferredWhileSuspended.ToList();
                _deferredWhileSuspended.Clear();
                deferred.ForEach(Apply);
                break;
            case ExecutionTerminated terminated:
                _completion ??= new Completion(OrchestrationRuntimeStatus.Terminated, _converter.Serialize(terminated.Reason, "termination reason"), null);
                break;
            case ExecutionCompleted:
                break;
            case var _ when _suspended:
                _deferredWhileSuspended.Add(historyEvent);
                break;
            case EventRaised raised:
                Deliver(raised);
                break;
            case TaskCompleted e:
                CompleteTask(e.TaskScheduledId, e);
                break;
            case TaskFailed e:
                CompleteTask(e.TaskScheduledId, e);
                break;
            case TimerFired e:
                CompleteTask(e.TimerId, e);
                break;
            case SubOrchestrationCompleted e:
                CompleteTask(e.TaskScheduledId, e);
                break;
            case SubOrchestrationFailed e:
                CompleteTask(e.TaskScheduledId, e);
                break;
            default:
                throw new NonDeterministicOrchestrationException($"The history holds a {historyEvent.EventType} event this runtime does not know.");
        }
    }

    private void Start(ExecutionStarted started)
    {
        if (_started is not null)
        {
            throw new NonDeterministicOrchestrationException($"The history of '{started.InstanceId}' starts twice.");
        }

        _started = started;
        try
        {
            _input = started.Input is null ? null : JsonSerializer.Deserialize(started.Input, _orchestrator.InputType, DataConverter.PayloadOptions);
        }
        catch (JsonException ex)
        {
            _completion = new Completion(
                OrchestrationRuntimeStatus.Failed,
                null,
                TaskFailureDetails.FromException(new ArgumentException($"The input of orchestration '{started.Name}' cannot be read as {_orchestrator.InputType.Name}: {ex.Message}", ex)));
            return;
        }

        _run = Task.Factory.StartNew(
            () => _orchestrator.RunAsync(this, _input),
            CancellationToken.None,
            TaskCreationOptions.DenyChildAttach,
            _scheduler).Unwrap();
        RunCode();
    }

    private void MatchAction(HistoryEvent recorded)
    {
        if (!_pendingActions.Remove(recorded.EventId, out var taken))
        {
            throw new NonDeterministicOrchestrationException(
                $"Non-deterministic orchestrator '{_started?.Name}' (instance '{_started?.InstanceId}'): history has {Describe(recorded)} " +
                $"as task #{recorded.EventId}, but on replay the code did not schedule it. Was the orchestrator changed while this instance ran?");
        }

        if (Describe(taken) != Describe(recorded))
        {
            throw new NonDeterministicOrchestrationException(
                $"Non-deterministic orchestrator '{_started?.Name}' (instance '{_started?.InstanceId}'): task #{recorded.EventId} is " +
                $"{Describe(recorded)} in history, but on replay the code scheduled {Describe(taken)}. Was the orchestrator changed while this instance ran?");
        }
    }

    private static string Describe(HistoryEvent action) => action switch
    {
        TaskScheduled t => $"activity '{t.Name}'",
        SubOrchestrationCreated s => $"sub-orchestration '{s.Name}'",
        TimerCreated => "a timer",
        _ => action.EventType,
    };

    private void CompleteTask(int taskId, HistoryEvent outcome)
    {
        if (!_openTasks.Remove(taskId, out var complete))
        {
            throw new NonDeterministicOrchestrationException(
                $"A {outcome.EventType} event arrived for task #{taskId} of instance '{_started?.InstanceId}', which has no such open task.");
        }

        complete(outcome);
        RunCode();
    }

    private void Deliver(EventRaised raised)
    {
        var waiter = _eventWaiters.Find(w => string.Equals(w.Name, raised.Name, StringComparison.OrdinalIgnoreCase));
        if (waiter is null)
        {
            _unprocessedEvents.Add(raised);
            return;
        }

        _eventWaiters.Remove(waiter);
        waiter.Completion.TrySetResult(raised.Input);
        RunCode();
    }

    private void RunCode()
    {
        _scheduler.RunUntilIdle();
        if (_run is not { IsCompleted: true } || _completion is not null)
        {
            return;
        }

        if (_run.IsFaulted)
        {
            var error = _run.Exception!.InnerExceptions.Count == 1 ? _run.Exception.InnerException! : _run.Exception;
            _completion = new Completion(OrchestrationRuntimeStatus.Failed, null, TaskFailureDetails.FromException(error));
        }
        else if (_run.IsCanceled)
        {
            _completion = new Completion(
                OrchestrationRuntimeStatus.Failed,
                null,
                new TaskFailureDetails(typeof(TaskCanceledException).FullName!, "The orchestrator ended with an unhandled cancellation (for example an external event that timed out)."));
        }
        else if (_continueAsNew is not null)
        {
            _completion = new Completion(OrchestrationRuntimeStatus.ContinuedAsNew, null, null);
        }
        else
        {
            try
            {
                _completion = new Completion(OrchestrationRuntimeStatus.Completed, _converter.Serialize(_run.Result, "orchestration output"), null);
            }
            catch (Exception ex) when (ex is PayloadTooLargeException or ArgumentException)
            {
                _completion = new Completion(OrchestrationRuntimeStatus.Failed, null, TaskFailureDetails.FromException(ex));
            }
        }
    }

    private void CheckThreading()
    {
        var violation = _threadingViolation ?? _scheduler.Violation;
        if (violation is null && _completion is null && !_suspended && _openTasks.Count == 0 && _eventWaiters.Count == 0 && _run is not null)
        {
            violation = "The orchestrator is waiting, but not for anything the runtime owns: it awaited work that is not an " +
                "activity, timer, event or sub-orchestration (for example Task.Delay, Task.Run or I/O). Use CreateTimer for delays " +
                "and activities for I/O.";
        }

        if (violation is not null)
        {
            throw new OrchestrationThreadingException(violation);
        }
    }

    private OrchestrationTurn BuildTurn(List<HistoryEvent> newHistory, List<long> consumed, List<HistoryEvent> actions, DateTime now)
    {
        var activities = new List<ActivityRequest>();
        var outgoing = new List<OutgoingMessage>();
        var subOrchestrations = new List<NewOrchestration>();
        if (_completion is null || _completion.Status == OrchestrationRuntimeStatus.ContinuedAsNew)
        {
            foreach (var action in actions)
            {
                switch (action)
                {
                    case TaskScheduled task:
                        activities.Add(new ActivityRequest(task.TaskId, task.Name, task.Input, task.Attempt, Started.TraceParent));
                        break;
                    case TimerCreated timer:
                        outgoing.Add(new OutgoingMessage(InstanceId, new TimerFired(timer.FireAt, timer.TimerId, timer.FireAt), timer.FireAt));
                        break;
                    case SubOrchestrationCreated sub:
                        subOrchestrations.Add(new NewOrchestration(new ExecutionStarted(
                            now, sub.Name, sub.InstanceId, Guid.NewGuid().ToString("N"), sub.Input, InstanceId, sub.TaskId, Started.TraceParent, ExecutionId)));
                        break;
                }
            }
        }

        ExecutionStarted? next = null;
        // Messages can reach an instance whose scheduled start (StartAt) is still ahead: until
        // its ExecutionStarted arrives it is Pending, and it has no parent to tell yet.
        var status = _completion?.Status
            ?? (_started is null ? OrchestrationRuntimeStatus.Pending
                : _suspended ? OrchestrationRuntimeStatus.Suspended
                : OrchestrationRuntimeStatus.Running);
        if (status == OrchestrationRuntimeStatus.ContinuedAsNew)
        {
            activities.Clear();
            outgoing.Clear();
            subOrchestrations.Clear();

            // The ended execution's history goes with it: the next execution's history starts
            // with its own ExecutionStarted, or its replay would meet this one's events.
            newHistory.Clear();
            var (input, preserve) = _continueAsNew!.Value;
            next = Started with { Timestamp = now, ExecutionId = Guid.NewGuid().ToString("N"), Input = input };
            if (preserve)
            {
                outgoing.AddRange(_unprocessedEvents.Select(e => new OutgoingMessage(InstanceId, e)));
            }
        }
        else if (status.IsTerminal() && _started?.ParentInstanceId is { } parent && _started.ParentTaskId is { } parentTask)
        {
            outgoing.Add(new OutgoingMessage(parent, _completion!.Status == OrchestrationRuntimeStatus.Completed
                ? new SubOrchestrationCompleted(now, parentTask, _completion.Output)
                : new SubOrchestrationFailed(now, parentTask, _completion.Failure
                    ?? new TaskFailureDetails("Terminated", $"The sub-orchestration '{InstanceId}' was terminated: {_completion.Output}")),
                TargetExecutionId: _started.ParentExecutionId));
        }

        return new OrchestrationTurn(
            newHistory,
            consumed,
            status,
            _customStatus,
            _customStatusChanged,
            _completion?.Output,
            _completion?.Failure,
            activities,
            outgoing,
            subOrchestrations,
            next);
    }

    private sealed record Completion(OrchestrationRuntimeStatus Status, string? Output, TaskFailureDetails? Failure);
}
