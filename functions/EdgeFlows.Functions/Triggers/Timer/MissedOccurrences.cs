namespace EdgeFlows.Functions.Triggers.Timer;

/// <summary>What a schedule does on start-up about occurrences that came due while no host ran.</summary>
public enum MissedOccurrences
{
    /// <summary>Run the latest missed occurrence once, at start-up (as Azure Functions runs a past-due timer once).</summary>
    RunOnce,

    /// <summary>Run none of them; wait for the next occurrence.</summary>
    Skip,
}
