// The record of an occurrence a schedule decided not to run (data unchanged, or missed with
// MissedOccurrences = Skip). It takes the occurrence's instance id, so the decision is made
// once across hosts, and it tells a starting host that the schedule got this far.
using EdgeFlows.Durable;

namespace EdgeFlows.Functions.Triggers.Timer;

/// <summary>Completes at once with the reason the occurrence was skipped.</summary>
public sealed class ScheduledRunSkipped : TaskOrchestrator<ScheduledRun, string>
{
    /// <summary>The orchestrator's registered name.</summary>
    public const string Name = "ScheduledRunSkipped";

    /// <summary>The reason recorded when the data has not changed since the promoted model.</summary>
    public const string Unchanged = "skipped: the data fingerprint is that of the promoted model";

    /// <summary>The reason recorded for a missed occurrence under MissedOccurrences = Skip.</summary>
    public const string MissedAndSkipped = "skipped: missed while no host ran (MissedOccurrences = Skip)";

    /// <inheritdoc />
    public override Task<string> RunAsync(OrchestrationContext context, ScheduledRun input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return Task.FromResult(input.Reason);
    }
}
