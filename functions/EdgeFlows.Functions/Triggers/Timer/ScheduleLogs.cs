// The schedule trigger's log messages, with stable event ids 4300-4399 (the blob trigger's are
// 4000-4099 and the pipeline's 4100-4199, in Logs.cs; the host's 4200-4299, in Logs.Host.cs).
using Microsoft.Extensions.Logging;

namespace EdgeFlows.Functions.Triggers.Timer;

internal static partial class ScheduleLogs
{
    [LoggerMessage(4300, LogLevel.Information, "Schedule {Schedule} ({Target}): '{Expression}' in {TimeZone} runs {Orchestrator}; next occurrence {Next}")]
    public static partial void ScheduleStarted(this ILogger logger, string schedule, string target, string expression, string timeZone, string orchestrator, DateTimeOffset? next);

    [LoggerMessage(4301, LogLevel.Information, "Schedule {Schedule} ({Target}): started {Orchestrator} for the occurrence {Occurrence} as {InstanceId} ({Reason})")]
    public static partial void RunStarted(this ILogger logger, string schedule, string target, string orchestrator, DateTimeOffset occurrence, string instanceId, string reason);

    [LoggerMessage(4302, LogLevel.Debug, "Schedule {Schedule} ({Target}): the occurrence {Occurrence} was already handled, by another host or earlier ({InstanceId})")]
    public static partial void AlreadyHandled(this ILogger logger, string schedule, string target, DateTimeOffset occurrence, string instanceId);

    [LoggerMessage(4303, LogLevel.Warning, "Schedule {Schedule} ({Target}): {Count} occurrences were missed while no host ran ({Occurrences}); {Action}")]
    public static partial void OccurrencesMissed(this ILogger logger, string schedule, string target, int count, string occurrences, string action);

    [LoggerMessage(4304, LogLevel.Information, "Schedule {Schedule} ({Target}): skipped the occurrence {Occurrence}: the data fingerprint {Fingerprint} is that of the promoted model")]
    public static partial void SkippedUnchanged(this ILogger logger, string schedule, string target, DateTimeOffset occurrence, string fingerprint);

    [LoggerMessage(4305, LogLevel.Warning, "Schedule {Schedule} ({Target}): starting the occurrence {Occurrence} failed; retrying in {DelayMs} ms")]
    public static partial void StartFailed(this ILogger logger, string schedule, string target, DateTimeOffset occurrence, double delayMs, Exception exception);

    [LoggerMessage(4306, LogLevel.Error, "Schedule {Schedule} ({Target}): the occurrence {Occurrence} could not be started before the next one came due; it is given up")]
    public static partial void GivenUp(this ILogger logger, string schedule, string target, DateTimeOffset occurrence);

    [LoggerMessage(4307, LogLevel.Warning, "Schedule {Schedule} ({Target}): has no occurrence after {After}; it stops")]
    public static partial void NoMoreOccurrences(this ILogger logger, string schedule, string target, DateTimeOffset after);

    [LoggerMessage(4308, LogLevel.Warning, "Schedule {Schedule} ({Target}): the host fell behind; {Count} occurrences passed before it woke ({Occurrences}); only the latest runs")]
    public static partial void FellBehind(this ILogger logger, string schedule, string target, int count, string occurrences);

    [LoggerMessage(4309, LogLevel.Information, "Schedule {Schedule} ({Target}): first start; no earlier occurrence is recorded, so none counts as missed")]
    public static partial void FirstStart(this ILogger logger, string schedule, string target);

    [LoggerMessage(4310, LogLevel.Warning, "Schedule {Schedule} ({Target}): the occurrence {Occurrence} runs although SkipIfUnchanged is set: {Why}")]
    public static partial void FingerprintUnknown(this ILogger logger, string schedule, string target, DateTimeOffset occurrence, string why);
}
