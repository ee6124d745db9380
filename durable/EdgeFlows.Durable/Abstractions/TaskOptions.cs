namespace EdgeFlows.Durable;

/// <summary>Options for one activity or sub-orchestration call.</summary>
/// <param name="Retry">The retry policy; null means one attempt.</param>
public record TaskOptions(RetryPolicy? Retry = null)
{
    /// <summary>Options with the given retry policy.</summary>
    public static TaskOptions FromRetryPolicy(RetryPolicy policy) => new(policy);
}

/// <summary>Options for a sub-orchestration call.</summary>
/// <param name="InstanceId">The child's instance id; by default derived from the parent's id and the call's position, so it is the same on replay.</param>
/// <param name="Retry">The retry policy; null means one attempt.</param>
public sealed record SubOrchestrationOptions(string? InstanceId = null, RetryPolicy? Retry = null)
    : TaskOptions(Retry);
