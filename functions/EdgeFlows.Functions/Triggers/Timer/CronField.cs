// The six fields of an NCRONTAB expression, seconds first, with the ranges and names NCrontab
// (and so Azure Functions' timer trigger) accepts.
namespace EdgeFlows.Functions.Triggers.Timer;

/// <summary>A field of an NCRONTAB expression, in the order they are written.</summary>
public enum CronField
{
    /// <summary>Seconds, 0–59.</summary>
    Second,

    /// <summary>Minutes, 0–59.</summary>
    Minute,

    /// <summary>Hours, 0–23.</summary>
    Hour,

    /// <summary>Day of the month, 1–31.</summary>
    Day,

    /// <summary>Month, 1–12 or January–December.</summary>
    Month,

    /// <summary>Day of the week, 0–6 with Sunday 0, or Sunday–Saturday.</summary>
    DayOfWeek,
}

/// <summary>The range and names of each <see cref="CronField"/>.</summary>
internal static class CronFieldRanges
{
    private static readonly string[] MonthNames =
        ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

    private static readonly string[] DayNames = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

    public static int Min(CronField field) => field is CronField.Day or CronField.Month ? 1 : 0;

    public static int Max(CronField field) => field switch
    {
        CronField.Second or CronField.Minute => 59,
        CronField.Hour => 23,
        CronField.Day => 31,
        CronField.Month => 12,
        _ => 6,
    };

    /// <summary>The names of the values from <see cref="Min"/> on, or null for numeric-only fields.</summary>
    public static IReadOnlyList<string>? Names(CronField field) => field switch
    {
        CronField.Month => MonthNames,
        CronField.DayOfWeek => DayNames,
        _ => null,
    };

    /// <summary>How the field is called in error messages.</summary>
    public static string Describe(CronField field) => field switch
    {
        CronField.Second => "second",
        CronField.Minute => "minute",
        CronField.Hour => "hour",
        CronField.Day => "day-of-month",
        CronField.Month => "month",
        _ => "day-of-week",
    };
}
