// Instance ids derived from occurrences: the same schedule, dataset and occurrence always give
// the same id, so whichever host starts an occurrence first wins and every other start of it
// is a no-op. The ids also record which occurrences ran: the newest tells a starting host
// where the schedule stopped.
using System.Globalization;

namespace EdgeFlows.Functions.Triggers.Timer;

/// <summary><c>schedule:{name}:{dataset}:{yyyyMMddTHHmmssZ}</c>, or without the dataset for a schedule that has none.</summary>
public static class ScheduleOccurrenceId
{
    private const string TimeFormat = "yyyyMMdd'T'HHmmss'Z'";

    /// <summary>The id of one occurrence's run.</summary>
    public static string Format(string schedule, string? dataset, DateTimeOffset occurrence) =>
        Prefix(schedule, dataset) + occurrence.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture);

    /// <summary>What every id of the schedule (and dataset) starts with.</summary>
    public static string Prefix(string schedule, string? dataset)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(schedule);
        return dataset is null ? $"schedule:{schedule}:" : $"schedule:{schedule}:{dataset}:";
    }

    /// <summary>The occurrence (UTC) of an id that starts with <paramref name="prefix"/>, or null for any other id.</summary>
    public static DateTimeOffset? ParseOccurrence(string instanceId, string prefix)
    {
        ArgumentNullException.ThrowIfNull(instanceId);
        ArgumentNullException.ThrowIfNull(prefix);
        if (!instanceId.StartsWith(prefix, StringComparison.Ordinal))
        {
            return null;
        }

        return DateTime.TryParseExact(
            instanceId[prefix.Length..], TimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var time)
            ? new DateTimeOffset(time, TimeSpan.Zero)
            : null;
    }
}
