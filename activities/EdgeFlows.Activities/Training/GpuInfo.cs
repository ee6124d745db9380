namespace EdgeFlows.Activities.Training;

/// <summary>One GPU as nvidia-smi reports it.</summary>
/// <param name="Name">The model, e.g. "NVIDIA A100-SXM4-40GB".</param>
/// <param name="MemoryTotalBytes">Its memory.</param>
/// <param name="MemoryUsedBytes">Memory in use now.</param>
/// <param name="DriverVersion">The driver version.</param>
public sealed record GpuInfo(string Name, long? MemoryTotalBytes, long? MemoryUsedBytes, string? DriverVersion);
