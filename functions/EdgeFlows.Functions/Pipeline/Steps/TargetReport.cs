namespace EdgeFlows.Functions.Pipeline.Steps;

/// <summary>The CheckCompute activity's input.</summary>
/// <param name="Target">The target's name.</param>
public sealed record CheckComputeInput(string Target);

/// <summary>What one training target reported (CheckCompute's output).</summary>
/// <param name="Target">The target's name.</param>
/// <param name="Reachable">Whether it answered.</param>
/// <param name="Error">Why not, when it did not.</param>
/// <param name="Os">Its operating system.</param>
/// <param name="FreeDiskBytes">Free disk under its work root.</param>
/// <param name="MemoryTotalBytes">Its memory.</param>
/// <param name="MemoryAvailableBytes">Memory available now.</param>
/// <param name="CpuCount">Its CPUs.</param>
/// <param name="GpuCount">Its GPUs.</param>
/// <param name="ContainerRuntime">The container runtime found (docker, podman), if any.</param>
/// <param name="RunningJobs">Jobs running there now.</param>
/// <param name="MaxConcurrentJobs">Jobs it may run at once (configuration).</param>
public sealed record TargetReport(
    string Target,
    bool Reachable,
    string? Error = null,
    string? Os = null,
    long FreeDiskBytes = 0,
    long MemoryTotalBytes = 0,
    long MemoryAvailableBytes = 0,
    int CpuCount = 0,
    int GpuCount = 0,
    string? ContainerRuntime = null,
    int RunningJobs = 0,
    int MaxConcurrentJobs = 1)
{
    /// <summary>A report for a target that could not be checked.</summary>
    public static TargetReport Unreachable(string target, string error) => new(target, Reachable: false, Error: error);
}
