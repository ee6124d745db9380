namespace EdgeFlows.Durable;

/// <summary>
/// Thrown into orchestrator code when an activity or sub-orchestration it awaited failed.
/// <see cref="FailureDetails"/> describes the original exception, which ran elsewhere.
/// </summary>
public sealed class TaskFailedException : Exception
{
    /// <summary>Creates the exception for a failed task.</summary>
    public TaskFailedException(string taskName, int taskId, TaskFailureDetails failureDetails)
        : base($"Task '{taskName}' (#{taskId}) failed: {failureDetails.ErrorType}: {failureDetails.ErrorMessage}")
    {
        TaskName = taskName;
        TaskId = taskId;
        FailureDetails = failureDetails;
    }

    /// <summary>The activity or orchestrator name.</summary>
    public string TaskName { get; }

    /// <summary>The id of the scheduled task in the orchestration's history.</summary>
    public int TaskId { get; }

    /// <summary>The original failure.</summary>
    public TaskFailureDetails FailureDetails { get; }
}

/// <summary>
/// The orchestrator's code did something different on replay than its history records.
/// The instance fails with this message; the usual cause is a code change deployed while
/// instances were running, or non-deterministic code (clocks, random numbers, I/O).
/// </summary>
public sealed class NonDeterministicOrchestrationException : Exception
{
    /// <summary>Creates the exception with a message that names expected and actual actions.</summary>
    public NonDeterministicOrchestrationException(string message)
        : base(message)
    {
    }
}

/// <summary>
/// Orchestrator code awaited work the runtime does not own (for example <c>Task.Delay</c>,
/// <c>Task.Run</c> or I/O), or left the orchestration thread. Such code cannot be replayed.
/// </summary>
public sealed class OrchestrationThreadingException : Exception
{
    /// <summary>Creates the exception.</summary>
    public OrchestrationThreadingException(string message)
        : base(message)
    {
    }
}

/// <summary>An instance with this id already exists and the start request did not allow reuse.</summary>
public sealed class OrchestrationAlreadyExistsException : Exception
{
    /// <summary>Creates the exception.</summary>
    public OrchestrationAlreadyExistsException(string instanceId, OrchestrationRuntimeStatus status)
        : base($"An orchestration instance with id '{instanceId}' already exists (status {status}). " +
               "Use another id, or pass an id reuse policy that skips or replaces finished instances.")
    {
        InstanceId = instanceId;
        Status = status;
    }

    /// <summary>The instance id asked for.</summary>
    public string InstanceId { get; }

    /// <summary>The status of the existing instance.</summary>
    public OrchestrationRuntimeStatus Status { get; }
}

/// <summary>No instance has the given id.</summary>
public sealed class OrchestrationNotFoundException : Exception
{
    /// <summary>Creates the exception.</summary>
    public OrchestrationNotFoundException(string instanceId)
        : base($"No orchestration instance has id '{instanceId}'.")
    {
        InstanceId = instanceId;
    }

    /// <summary>The instance id asked for.</summary>
    public string InstanceId { get; }
}

/// <summary>
/// A serialized input, output, event payload or custom status is larger than
/// <see cref="Hosting.DurableRuntimeOptions.MaxPayloadBytes"/>.
/// </summary>
public sealed class PayloadTooLargeException : Exception
{
    /// <summary>Creates the exception.</summary>
    public PayloadTooLargeException(string what, long size, long limit)
        : base($"The {what} is {size:N0} bytes serialized, over the {limit:N0}-byte payload limit. " +
               "Store large data in blob storage and pass a reference (container and blob name) instead.")
    {
        Size = size;
        Limit = limit;
    }

    /// <summary>The serialized size in bytes.</summary>
    public long Size { get; }

    /// <summary>The configured limit in bytes.</summary>
    public long Limit { get; }
}

/// <summary>
/// The store's lease on a work item was lost (it expired and another host may have taken
/// the item). Nothing of the work item's result was committed.
/// </summary>
public sealed class LeaseLostException : Exception
{
    /// <summary>Creates the exception.</summary>
    public LeaseLostException(string message)
        : base(message)
    {
    }
}

/// <summary>
/// The store's database is not an EdgeFlows store, or is damaged or of a newer schema.
/// Nothing is written to it.
/// </summary>
public sealed class StoreCorruptedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public StoreCorruptedException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
