namespace EdgeFlows.Activities.Training;

/// <summary>A container runtime found on the target.</summary>
/// <param name="Name">"docker" or "podman".</param>
/// <param name="Path">Its executable.</param>
/// <param name="Version">What <c>--version</c> printed, or null when it did not answer.</param>
public sealed record ContainerRuntimeInfo(string Name, string Path, string? Version);
