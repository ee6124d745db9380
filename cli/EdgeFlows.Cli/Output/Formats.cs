using System.Globalization;
using EdgeFlows.Cli.Watch;
using EdgeFlows.Durable;

namespace EdgeFlows.Cli.Output;

/// <summary>How times, durations and states read in human output.</summary>
internal static class Formats
{
    /// <summary>A time in UTC to the second: <c>2026-01-31 08:15:02Z</c>.</summary>
    public static string Time(DateTimeOffset? time) =>
        time is { } t ? t.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture) : "-";

    /// <summary>A duration: <c>0.4s</c>, <c>12s</c>, <c>3m 05s</c>, <c>2h 07m</c>, <c>1d 04h</c>.</summary>
    public static string Duration(TimeSpan? duration)
    {
        if (duration is not { } d)
        {
            return "-";
        }

        return d.TotalSeconds switch
        {
            < 10 => string.Create(CultureInfo.InvariantCulture, $"{d.TotalSeconds:0.0}s"),
            < 60 => string.Create(CultureInfo.InvariantCulture, $"{(int)d.TotalSeconds}s"),
            < 3600 => string.Create(CultureInfo.InvariantCulture, $"{(int)d.TotalMinutes}m {d.Seconds:00}s"),
            < 86400 => string.Create(CultureInfo.InvariantCulture, $"{(int)d.TotalHours}h {d.Minutes:00}m"),
            _ => string.Create(CultureInfo.InvariantCulture, $"{(int)d.TotalDays}d {d.Hours:00}h"),
        };
    }

    /// <summary>A number as metrics are shown: up to four decimals.</summary>
    public static string Number(double value) => value.ToString("0.####", CultureInfo.InvariantCulture);

    /// <summary>The colour of a runtime status.</summary>
    public static string Color(OrchestrationRuntimeStatus status) => status switch
    {
        OrchestrationRuntimeStatus.Completed => "green",
        OrchestrationRuntimeStatus.Failed => "red",
        OrchestrationRuntimeStatus.Terminated => "red",
        OrchestrationRuntimeStatus.Suspended => "yellow",
        OrchestrationRuntimeStatus.Running => "blue",
        _ => "grey",
    };

    /// <summary>A step state in words.</summary>
    public static string State(StepState state) => state switch
    {
        StepState.NotReached => "not reached",
        _ => state.ToString().ToLowerInvariant(),
    };

    /// <summary>The colour of a step state.</summary>
    public static string Color(StepState state) => state switch
    {
        StepState.Completed => "green",
        StepState.Failed or StepState.Stopped => "red",
        StepState.Running => "blue",
        StepState.Waiting => "yellow",
        _ => "grey",
    };
}
