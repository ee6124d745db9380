namespace EdgeFlows.Activities.Training;

/// <summary>What a probe found on a training target. Usable when <see cref="Reachable"/> and no <see cref="Error"/>.</summary>
/// <param name="Target">The target's name.</param>
/// <param name="Reachable">Whether the target answered (ssh connected and authenticated; local: always).</param>
/// <param name="Error">
/// Why the target cannot be used: unreachable (e.g. "connection refused", "host key for X
/// changed"), or reachable but unfit (e.g. no Python 3). Null when usable.
/// </param>
public sealed record ComputeReport(string Target, bool Reachable, string? Error = null)
{
    /// <summary>The operating system, e.g. "Ubuntu 22.04.4 LTS (Linux 5.15.0 x86_64)".</summary>
    public string? Os { get; init; }

    /// <summary>Free bytes for an unprivileged user on the file system holding the work root.</summary>
    public long? FreeDiskBytes { get; init; }

    /// <summary>Total memory.</summary>
    public long? MemoryTotalBytes { get; init; }

    /// <summary>Memory available to new processes (MemAvailable).</summary>
    public long? MemoryAvailableBytes { get; init; }

    /// <summary>CPUs this user's processes may run on.</summary>
    public int? CpuCount { get; init; }

    /// <summary>GPUs nvidia-smi reports; empty when there is none (or no nvidia-smi).</summary>
    public IReadOnlyList<GpuInfo> Gpus { get; init; } = [];

    /// <summary>The container runtime (docker, else podman) on PATH, or null.</summary>
    public ContainerRuntimeInfo? ContainerRuntime { get; init; }

    /// <summary>Ids of the jobs under the work root that have not finished.</summary>
    public IReadOnlyList<string> RunningJobs { get; init; } = [];

    /// <summary>The Python version running the job wrapper.</summary>
    public string? PythonVersion { get; init; }

    /// <summary>When the probe ran (the target's clock).</summary>
    public DateTimeOffset? ProbedAt { get; init; }

    /// <summary>True when the target answered and has nothing that makes it unfit.</summary>
    public bool IsUsable => Reachable && Error is null;
}
