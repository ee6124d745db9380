using Microsoft.Extensions.Logging;

namespace EdgeFlows.Durable.Telemetry;

/// <summary>The runtime's log messages, with stable event ids (1000–1099).</summary>
internal static partial class Logs
{
    [LoggerMessage(1000, LogLevel.Information, "Durable worker {WorkerId} started on {Store}")]
    public static partial void WorkerStarted(this ILogger logger, string workerId, string store);

    [LoggerMessage(1001, LogLevel.Information, "Durable worker {WorkerId} stopped")]
    public static partial void WorkerStopped(this ILogger logger, string workerId);

    [LoggerMessage(1002, LogLevel.Information, "Orchestration {Name} ({InstanceId}) is {Status}")]
    public static partial void InstanceFinished(this ILogger logger, string name, string instanceId, OrchestrationRuntimeStatus status);

    [LoggerMessage(1003, LogLevel.Warning, "Lease on {What} was lost; another host may run it. {Reason}")]
    public static partial void LeaseLost(this ILogger logger, string what, string reason);

    [LoggerMessage(1004, LogLevel.Error, "Work item {What} was delivered {Count} times without completing and is failed as poison")]
    public static partial void PoisonWorkItem(this ILogger logger, string what, int count);

    [LoggerMessage(1005, LogLevel.Error, "Dispatching {What} failed; it is delivered again when its lease expires")]
    public static partial void DispatchFailed(this ILogger logger, string what, Exception exception);

    [LoggerMessage(1006, LogLevel.Warning, "Activity {Name} ({IdempotencyKey}) attempt {Attempt} failed: {ErrorType}: {ErrorMessage}")]
    public static partial void ActivityFailed(this ILogger logger, string name, string idempotencyKey, int attempt, string errorType, string errorMessage);

    [LoggerMessage(1007, LogLevel.Warning, "No orchestrator named {Name} is registered; instance {InstanceId} fails")]
    public static partial void UnknownOrchestrator(this ILogger logger, string name, string instanceId);

    [LoggerMessage(1008, LogLevel.Error, "Polling the store failed; retrying in {DelayMs} ms")]
    public static partial void PollFailed(this ILogger logger, double delayMs, Exception exception);

    [LoggerMessage(1009, LogLevel.Warning, "Shutdown: {Count} running activities did not finish in time and were released for another host")]
    public static partial void ActivitiesAbandonedAtShutdown(this ILogger logger, int count);

    [LoggerMessage(1010, LogLevel.Debug, "Instance {InstanceId} has finished; {Count} late messages were consumed without effect")]
    public static partial void LateMessagesDropped(this ILogger logger, string instanceId, int count);
}
