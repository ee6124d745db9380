namespace EdgeFlows.Functions.Triggers.Timer;

/// <summary>
/// The input of a run a schedule starts. (The retrain pipeline has its own RetrainRequest; the
/// two are to be unified, this record carries what a schedule knows.)
/// </summary>
/// <param name="Dataset">The dataset to run for; null for a schedule that names none.</param>
/// <param name="Schedule">The schedule's name.</param>
/// <param name="Occurrence">The occurrence, in UTC: the run's instance id is derived from it.</param>
/// <param name="Reason">"schedule" for an occurrence run on time, "missed" for one run at start-up after it was missed.</param>
/// <param name="Trigger">What started the run: "schedule".</param>
public sealed record ScheduledRun(string? Dataset, string Schedule, DateTime Occurrence, string Reason, string Trigger = "schedule")
{
    /// <summary>The reason of an occurrence run on time.</summary>
    public const string OnTime = "schedule";

    /// <summary>The reason of a missed occurrence run at start-up.</summary>
    public const string Missed = "missed";
}
