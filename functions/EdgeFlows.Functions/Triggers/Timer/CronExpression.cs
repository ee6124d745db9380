// An NCRONTAB expression (six fields, seconds first, as Azure Functions' timer trigger takes
// them) and its occurrences in wall-clock time. Day-of-month and day-of-week are combined with
// AND, as NCrontab does (Vixie cron uses OR when both are restricted): "0 0 0 13 * Fri" is
// every Friday the 13th. CronExpression.TimeZones.cs maps wall-clock times to instants.
namespace EdgeFlows.Functions.Triggers.Timer;

/// <summary>
/// A parsed NCRONTAB expression: <c>{second} {minute} {hour} {day} {month} {day-of-week}</c>,
/// or the five-field form without seconds (second 0), which Azure Functions also accepts.
/// Immutable and thread-safe.
/// </summary>
public sealed partial class CronExpression
{
    // Dates repeat every 400 years, so a (month, day, weekday) combination that exists at all
    // occurs within that span; parsing refuses month-day combinations that never exist.
    private const int SearchYears = 400;

    private readonly CronValueSet _seconds;
    private readonly CronValueSet _minutes;
    private readonly CronValueSet _hours;
    private readonly CronValueSet _days;
    private readonly CronValueSet _months;
    private readonly CronValueSet _daysOfWeek;

    private CronExpression(string text, CronValueSet[] sets)
    {
        Text = text;
        (_seconds, _minutes, _hours, _days, _months, _daysOfWeek) = (sets[0], sets[1], sets[2], sets[3], sets[4], sets[5]);

        // Azure Functions' rule (CronSchedule.IsInterval): a schedule whose second, minute or hour
        // field holds a range keeps firing through a repeated (fall-back) hour; one made of
        // points in time fires once, in the first pass.
        IsInterval = _seconds.HasConsecutiveValues || _minutes.HasConsecutiveValues || _hours.HasConsecutiveValues;
    }

    /// <summary>The expression as written.</summary>
    public string Text { get; }

    /// <summary>
    /// True for an interval schedule (its second, minute or hour field holds two consecutive
    /// values, e.g. <c>*</c> or <c>0-30</c>): it fires in both passes of a fall-back hour.
    /// Point-in-time schedules fire once there, in the first pass. The rule is Azure Functions'.
    /// </summary>
    public bool IsInterval { get; }

    /// <summary>Parses an NCRONTAB expression.</summary>
    /// <exception cref="CronFormatException">The expression is not valid; the message names the field and the bad token.</exception>
    public static CronExpression Parse(string expression)
    {
        ArgumentNullException.ThrowIfNull(expression);
        return new CronExpression(expression.Trim(), CronExpressionParser.Parse(expression));
    }

    /// <summary>Parses an NCRONTAB expression, or returns false with the reason.</summary>
    public static bool TryParse(string expression, out CronExpression? result, out string? error)
    {
        try
        {
            result = Parse(expression);
            error = null;
            return true;
        }
        catch (CronFormatException ex)
        {
            result = null;
            error = ex.Message;
            return false;
        }
    }

    /// <summary>
    /// The first wall-clock time strictly after <paramref name="after"/> (its <see cref="DateTime.Kind"/>
    /// is ignored) that the expression matches, or null when there is none before year 10000.
    /// Walks months, days, hours, minutes and seconds by their value sets, so a yearly schedule
    /// costs a few hundred steps, not a scan of every second.
    /// </summary>
    public DateTime? NextLocal(DateTime after)
    {
        if (after >= DateTime.MaxValue.AddSeconds(-1))
        {
            return null;
        }

        var start = new DateTime(after.Ticks - (after.Ticks % TimeSpan.TicksPerSecond), DateTimeKind.Unspecified).AddSeconds(1);
        var lastYear = Math.Min(DateTime.MaxValue.Year, start.Year + SearchYears);
        for (var year = start.Year; year <= lastYear; year++)
        {
            var firstYear = year == start.Year;
            for (var month = _months.NextAtOrAfter(firstYear ? start.Month : 1); month > 0; month = _months.NextAtOrAfter(month + 1))
            {
                var firstMonth = firstYear && month == start.Month;
                var daysInMonth = DateTime.DaysInMonth(year, month);
                for (var day = _days.NextAtOrAfter(firstMonth ? start.Day : 1); day > 0 && day <= daysInMonth; day = _days.NextAtOrAfter(day + 1))
                {
                    if (!_daysOfWeek.Contains((int)new DateTime(year, month, day).DayOfWeek))
                    {
                        continue;
                    }

                    var time = FirstTimeOfDay(firstMonth && day == start.Day ? start.TimeOfDay : TimeSpan.Zero);
                    if (time is { } t)
                    {
                        return new DateTime(year, month, day).Add(t);
                    }
                }
            }
        }

        return null;
    }

    /// <inheritdoc />
    public override string ToString() => Text;

    // The first matching time of day at or after `from` (whole seconds), or null.
    private TimeSpan? FirstTimeOfDay(TimeSpan from)
    {
        for (var hour = _hours.NextAtOrAfter(from.Hours); hour >= 0; hour = _hours.NextAtOrAfter(hour + 1))
        {
            var sameHour = hour == from.Hours;
            for (var minute = _minutes.NextAtOrAfter(sameHour ? from.Minutes : 0); minute >= 0; minute = _minutes.NextAtOrAfter(minute + 1))
            {
                var second = _seconds.NextAtOrAfter(sameHour && minute == from.Minutes ? from.Seconds : 0);
                if (second >= 0)
                {
                    return new TimeSpan(hour, minute, second);
                }
            }
        }

        return null;
    }
}
