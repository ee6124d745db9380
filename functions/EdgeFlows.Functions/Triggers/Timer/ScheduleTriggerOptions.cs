namespace EdgeFlows.Functions.Triggers.Timer;

/// <summary>
/// The schedule trigger's settings: the schedules (section <c>EdgeFlows:Schedules</c>, a list)
/// and how the trigger runs them (section <c>EdgeFlows:ScheduleTrigger</c>). Every value has a
/// documented default; <see cref="Validate"/> names the key of each bad value.
/// </summary>
public sealed class ScheduleTriggerOptions
{
    /// <summary>The section holding the list of schedules.</summary>
    public const string SchedulesSectionName = "EdgeFlows:Schedules";

    /// <summary>The section holding the trigger's own settings.</summary>
    public const string SectionName = "EdgeFlows:ScheduleTrigger";

    /// <summary>The schedules.</summary>
    public IList<ScheduleOptions> Schedules { get; init; } = [];

    /// <summary>
    /// How late an occurrence found at start-up may be and still count as on time rather than
    /// missed: a host that starts just after 02:00 runs the 02:00 occurrence whatever
    /// MissedOccurrences says. Default 1 minute.
    /// </summary>
    public TimeSpan LateTolerance { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Wait before trying again to start an occurrence whose start failed (store busy, say). Default 10 s.</summary>
    public TimeSpan RetryInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Timeout of each call a firing makes (the store, the fingerprint sources). Default 30 s.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Settings the configuration binder could not read, with their keys.</summary>
    internal IList<string> BindErrors { get; } = [];

    /// <summary>Every problem with the settings, each naming its configuration key; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>(BindErrors);
        void Require(bool condition, string key, string problem)
        {
            if (!condition)
            {
                errors.Add($"{key} {problem}.");
            }
        }

        Require(LateTolerance >= TimeSpan.Zero && LateTolerance <= TimeSpan.FromHours(1), $"{SectionName}:{nameof(LateTolerance)}", "must be between 0 and 1 hour");
        Require(RetryInterval >= TimeSpan.FromMilliseconds(100), $"{SectionName}:{nameof(RetryInterval)}", "must be at least 100 ms");
        Require(RequestTimeout >= TimeSpan.FromSeconds(1), $"{SectionName}:{nameof(RequestTimeout)}", "must be at least 1 second");
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < Schedules.Count; i++)
        {
            Schedules[i].Validate($"{SchedulesSectionName}:{i}", names, Require);
        }

        return errors;
    }
}
