// From wall-clock occurrences to instants in a time zone, across daylight-saving changes, the
// way Azure Functions' timer trigger (CronSchedule in azure-webjobs-sdk-extensions) does it:
//  * spring forward: a wall-clock time that does not exist runs as far after the jump as it
//    was after the gap's start (02:30 runs at 03:30 when clocks go from 02:00 to 03:00);
//  * fall back: a time that occurs twice runs once, in the first pass, for point-in-time
//    schedules, and in both passes for interval schedules (see IsInterval), so "every 30
//    minutes" keeps running every 30 minutes of real time.
// The search walks the periods of constant UTC offset ("regimes") from `after` on; inside one
// regime wall clock and instants move together, so each step is one NextLocal call.
namespace EdgeFlows.Functions.Triggers.Timer;

public sealed partial class CronExpression
{
    // A zone's offset is assumed to change at most once a day (true of every real zone), so
    // probing the offset a day apart finds every change.
    private static readonly TimeSpan ProbeStep = TimeSpan.FromDays(1);

    // Two offset changes a year over the search span, with room to spare.
    private const int MaxRegimes = (SearchYears * 4) + 8;

    /// <summary>
    /// The first occurrence strictly after <paramref name="after"/> in <paramref name="timeZone"/>,
    /// with that zone's offset at the occurrence, or null when there is none before year 10000.
    /// Daylight-saving changes are handled as Azure Functions does (see docs/schedules.md).
    /// </summary>
    public DateTimeOffset? Next(DateTimeOffset after, TimeZoneInfo timeZone)
    {
        ArgumentNullException.ThrowIfNull(timeZone);
        var lower = after.UtcDateTime;
        DateTime? regimeStart = null;
        var previousOffset = TimeSpan.Zero;
        for (var regime = 0; regime < MaxRegimes; regime++)
        {
            var offset = OffsetAt(timeZone, regimeStart ?? lower);
            DateTime? best = null;
            if (regimeStart is { } start && offset > previousOffset)
            {
                // Entered through a spring-forward change: the skipped wall-clock times run
                // with the offset from before the change, i.e. shifted past the gap.
                var gap = NextLocal(start + previousOffset - TimeSpan.FromTicks(1));
                if (gap is { } g && g < start + offset)
                {
                    best = g - previousOffset;
                }
            }

            var candidate = NextLocal(lower + offset);
            while (candidate is { } c && !IsInterval && IsSecondPass(timeZone, c, offset))
            {
                candidate = NextLocal(c);
            }

            if (candidate is null)
            {
                return best is { } onlyGap ? ToZone(onlyGap, timeZone) : null;
            }

            var instant = candidate.Value - offset;
            var change = FindOffsetChange(timeZone, lower, instant, offset);
            if (change is null)
            {
                return ToZone(best is { } b && b < instant ? b : instant, timeZone);
            }

            if (best is { } beforeChange && beforeChange < change)
            {
                return ToZone(beforeChange, timeZone);
            }

            // Nothing in this regime: go on from the change, including its instant.
            previousOffset = offset;
            regimeStart = change;
            lower = change.Value - TimeSpan.FromTicks(1);
        }

        return null;
    }

    /// <summary>The occurrences after <paramref name="after"/> up to and including <paramref name="until"/>, in order.</summary>
    public IEnumerable<DateTimeOffset> Occurrences(DateTimeOffset after, DateTimeOffset until, TimeZoneInfo timeZone)
    {
        for (var next = Next(after, timeZone); next is { } n && n <= until; next = Next(n, timeZone))
        {
            yield return n;
        }
    }

    private static TimeSpan OffsetAt(TimeZoneInfo zone, DateTime utc) =>
        zone.GetUtcOffset(new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)));

    private static DateTimeOffset ToZone(DateTime utc, TimeZoneInfo zone) =>
        new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)).ToOffset(OffsetAt(zone, utc));

    // A wall-clock time in the repeated hour, seen from the regime after the fall-back change
    // (the smaller of its two offsets).
    private static bool IsSecondPass(TimeZoneInfo zone, DateTime wall, TimeSpan offset)
    {
        var local = DateTime.SpecifyKind(wall, DateTimeKind.Unspecified);
        return zone.IsAmbiguousTime(local) && zone.GetAmbiguousTimeOffsets(local).Min() == offset;
    }

    // The first instant in (from, to] whose offset is not `offset`, or null.
    private static DateTime? FindOffsetChange(TimeZoneInfo zone, DateTime from, DateTime to, TimeSpan offset)
    {
        var low = from;
        while (low < to)
        {
            var high = to - low > ProbeStep ? low + ProbeStep : to;
            if (OffsetAt(zone, high) != offset)
            {
                // Bisect (low has the offset, high does not) down to the tick.
                while (high.Ticks - low.Ticks > 1)
                {
                    var middle = new DateTime(low.Ticks + ((high.Ticks - low.Ticks) / 2));
                    if (OffsetAt(zone, middle) == offset)
                    {
                        low = middle;
                    }
                    else
                    {
                        high = middle;
                    }
                }

                return high;
            }

            low = high;
        }

        return null;
    }
}
