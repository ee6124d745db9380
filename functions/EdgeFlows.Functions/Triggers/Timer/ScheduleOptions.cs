using EdgeFlows.Functions.Triggers.Blob;

namespace EdgeFlows.Functions.Triggers.Timer;

/// <summary>
/// One schedule; an item of <c>EdgeFlows:Schedules</c>. It runs its orchestration for each of
/// its datasets at every occurrence, or once per occurrence with no dataset when it names none.
/// </summary>
public sealed class ScheduleOptions
{
    /// <summary>The default <see cref="Orchestrator"/>.</summary>
    public const string DefaultOrchestrator = "Retrain";

    /// <summary>
    /// The schedule's name: 1–64 of <c>A-Z a-z 0-9 . _ -</c>, unique. It is part of every run's
    /// instance id, so renaming a schedule forgets which occurrences ran. Required.
    /// </summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>
    /// The NCRONTAB expression, <c>{second} {minute} {hour} {day} {month} {day-of-week}</c>
    /// (or five fields without seconds), e.g. <c>0 0 2 * * *</c> for 02:00 every night. Required.
    /// </summary>
    public string Schedule { get; set; } = string.Empty;

    /// <summary>The time zone the expression's wall-clock times are in: an IANA or Windows id. Default UTC.</summary>
    public string TimeZone { get; set; } = "UTC";

    /// <summary>One dataset to run for (a shorthand for a one-item <see cref="Datasets"/>).</summary>
    public string? Dataset { get; set; }

    /// <summary>The datasets to run for; each gets its own run per occurrence.</summary>
    public IList<string> Datasets { get; init; } = [];

    /// <summary>The orchestration each occurrence starts, with a <see cref="ScheduledRun"/> input. Default "Retrain".</summary>
    public string Orchestrator { get; set; } = DefaultOrchestrator;

    /// <summary>What to do at start-up about occurrences missed while no host ran. Default <see cref="MissedOccurrences.RunOnce"/>.</summary>
    public MissedOccurrences MissedOccurrences { get; set; } = MissedOccurrences.RunOnce;

    /// <summary>
    /// Skip an occurrence when the dataset's data fingerprint equals that of the last promoted
    /// model (nothing new to learn from). Needs datasets. Default false.
    /// </summary>
    public bool SkipIfUnchanged { get; set; }

    /// <summary>The datasets in effect: <see cref="Dataset"/> and <see cref="Datasets"/>, without repeats, in order.</summary>
    public IReadOnlyList<string> EffectiveDatasets =>
        [.. (Dataset is { Length: > 0 } one ? Datasets.Prepend(one) : Datasets).Distinct(StringComparer.Ordinal)];

    /// <summary>Reports each problem through <paramref name="require"/> with the key below <paramref name="keyPath"/>.</summary>
    internal void Validate(string keyPath, ISet<string> namesSoFar, Action<bool, string, string> require)
    {
        require(BlobPathPattern.IsValidDatasetName(Name), $"{keyPath}:{nameof(Name)}", "must be 1 to 64 of A-Z a-z 0-9 . _ -");
        require(namesSoFar.Add(Name), $"{keyPath}:{nameof(Name)}", $"'{Name}' is used by another schedule; names must be unique");
        if (string.IsNullOrWhiteSpace(Schedule))
        {
            require(false, $"{keyPath}:{nameof(Schedule)}", "is missing; give an NCRONTAB expression such as '0 0 2 * * *' (02:00 every night)");
        }
        else if (!CronExpression.TryParse(Schedule, out _, out var error))
        {
            require(false, $"{keyPath}:{nameof(Schedule)}", $"is not valid: {error}");
        }

        try
        {
            ScheduleTimeZones.Find(TimeZone);
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or ArgumentException)
        {
            require(false, $"{keyPath}:{nameof(TimeZone)}", $"is not valid: {ex.Message}");
        }

        if (Dataset is not null)
        {
            require(BlobPathPattern.IsValidDatasetName(Dataset), $"{keyPath}:{nameof(Dataset)}", "must be 1 to 64 of A-Z a-z 0-9 . _ -");
        }

        for (var i = 0; i < Datasets.Count; i++)
        {
            require(BlobPathPattern.IsValidDatasetName(Datasets[i]), $"{keyPath}:{nameof(Datasets)}:{i}", "must be 1 to 64 of A-Z a-z 0-9 . _ -");
        }

        require(!string.IsNullOrWhiteSpace(Orchestrator), $"{keyPath}:{nameof(Orchestrator)}", "must name an orchestration");
        require(Enum.IsDefined(MissedOccurrences), $"{keyPath}:{nameof(MissedOccurrences)}", "must be RunOnce or Skip");
        var hasDatasets = EffectiveDatasets.Count > 0;
        require(hasDatasets || !SkipIfUnchanged, $"{keyPath}:{nameof(SkipIfUnchanged)}", "needs a Dataset or Datasets to compare fingerprints of");
        require(
            hasDatasets || !string.Equals(Orchestrator, DefaultOrchestrator, StringComparison.Ordinal),
            $"{keyPath}:{nameof(Datasets)}",
            $"is empty, but the {DefaultOrchestrator} orchestration needs a dataset; set Dataset or Datasets (or another Orchestrator)");
    }
}
