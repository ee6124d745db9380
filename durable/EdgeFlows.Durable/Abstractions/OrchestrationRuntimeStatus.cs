namespace EdgeFlows.Durable;

/// <summary>
/// The runtime status of an orchestration instance, with the names and meanings Durable
/// Functions uses so status JSON reads the same.
/// </summary>
public enum OrchestrationRuntimeStatus
{
    /// <summary>Created; its first turn has not run yet.</summary>
    Pending,

    /// <summary>Started; waiting for activities, timers or events, or running a turn.</summary>
    Running,

    /// <summary>Finished with an output.</summary>
    Completed,

    /// <summary>Ended with a failure (see the instance's failure details).</summary>
    Failed,

    /// <summary>Ended by a terminate request.</summary>
    Terminated,

    /// <summary>Paused by a suspend request; events are kept until it is resumed.</summary>
    Suspended,

    /// <summary>Restarted itself with new input; the new execution starts at once.</summary>
    ContinuedAsNew,
}

/// <summary>Helpers for <see cref="OrchestrationRuntimeStatus"/>.</summary>
public static class OrchestrationRuntimeStatusExtensions
{
    /// <summary>True for Completed, Failed and Terminated: the instance will not run again.</summary>
    public static bool IsTerminal(this OrchestrationRuntimeStatus status) =>
        status is OrchestrationRuntimeStatus.Completed
            or OrchestrationRuntimeStatus.Failed
            or OrchestrationRuntimeStatus.Terminated;
}
