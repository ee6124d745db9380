// The app's log messages, with stable event ids; 4000-4099 belong to the blob trigger,
// 4100-4199 to the retrain pipeline.
using Microsoft.Extensions.Logging;

namespace EdgeFlows.Functions;

internal static partial class Logs
{
    [LoggerMessage(4000, LogLevel.Information, "Blob trigger watching {Watch}: container {Container}, prefix '{Prefix}', pattern {Pattern}, runs {Orchestrator} ({Readiness})")]
    public static partial void WatchStarted(this ILogger logger, string watch, string container, string prefix, string pattern, string orchestrator, string readiness);

    [LoggerMessage(4001, LogLevel.Information, "Blob trigger {Watch}: {Count} known blob versions loaded from the store")]
    public static partial void ReceiptsLoaded(this ILogger logger, string watch, int count);

    [LoggerMessage(4002, LogLevel.Information, "Blob trigger {Watch}: reported {Count} new blob versions of dataset {Dataset}")]
    public static partial void Reported(this ILogger logger, string watch, string dataset, int count);

    [LoggerMessage(4003, LogLevel.Debug, "Blob trigger {Watch}: listed {Blobs} blobs in {Requests} requests in {DurationMs} ms")]
    public static partial void Scanned(this ILogger logger, string watch, long blobs, int requests, double durationMs);

    [LoggerMessage(4004, LogLevel.Warning, "Blob trigger {Watch}: polling failed; retrying in {DelayMs} ms")]
    public static partial void PollFailed(this ILogger logger, string watch, double delayMs, Exception exception);

    [LoggerMessage(4005, LogLevel.Warning, "Blob trigger {Watch}: skipping blob {Blob}: {Reason}")]
    public static partial void BlobRejected(this ILogger logger, string watch, string blob, string reason);

    [LoggerMessage(4006, LogLevel.Debug, "Blob trigger {Watch}: blob {Blob} is outside the pattern {Pattern}")]
    public static partial void BlobOutsidePattern(this ILogger logger, string watch, string blob, string pattern);

    [LoggerMessage(4007, LogLevel.Debug, "Blob trigger {Watch}: {Count} versions of dataset {Dataset} were reported by another host or earlier")]
    public static partial void ReportedElsewhere(this ILogger logger, string watch, string dataset, int count);

    [LoggerMessage(4008, LogLevel.Warning, "Blob trigger {Watch}: {Count} versions of dataset {Dataset} are still contended after {Attempts} attempts; the next poll retries")]
    public static partial void SignalContended(this ILogger logger, string watch, string dataset, int count, int attempts);

    [LoggerMessage(4009, LogLevel.Information, "Blob trigger {Watch}: polling works again after {Failures} failures")]
    public static partial void PollRecovered(this ILogger logger, string watch, int failures);

    [LoggerMessage(4010, LogLevel.Warning, "Blob trigger {Watch}: more than {Count} distinct skipped blob names; further ones are not logged")]
    public static partial void TooManySkipped(this ILogger logger, string watch, int count);

    [LoggerMessage(4011, LogLevel.Warning, "Blob trigger {Watch}: prefix {Prefix} cannot be listed; its blobs are not reported until it can (others are)")]
    public static partial void PrefixFailing(this ILogger logger, string watch, string prefix, Exception exception);

    [LoggerMessage(4012, LogLevel.Information, "Blob trigger {Watch}: prefix {Prefix} lists again")]
    public static partial void PrefixRecovered(this ILogger logger, string watch, string prefix);

    [LoggerMessage(4013, LogLevel.Debug, "Blob trigger {Watch}: forgot {Count} receipts of blob versions overwritten or deleted since they were reported")]
    public static partial void ReceiptsForgotten(this ILogger logger, string watch, int count);

    [LoggerMessage(4014, LogLevel.Warning, "Blob trigger {Watch}: {Count} receipts of blob versions that are gone could not be deleted from the store yet; the next complete listing tries again")]
    public static partial void ReceiptsNotForgotten(this ILogger logger, string watch, int count, Exception exception);

    [LoggerMessage(4100, LogLevel.Information, "Retrain {InstanceId}: dataset {Dataset}, recipe {Recipe}, {Inputs} input blobs, {Targets} candidate targets")]
    public static partial void RetrainPlanned(this ILogger logger, string instanceId, string dataset, string recipe, int inputs, int targets);

    [LoggerMessage(4101, LogLevel.Information, "Retrain {InstanceId}: training on target {Target} ({Unfit} targets unfit)")]
    public static partial void TargetChosen(this ILogger logger, string instanceId, string target, int unfit);

    [LoggerMessage(4102, LogLevel.Information, "Retrain {InstanceId}: job {JobId} started on {Target}")]
    public static partial void TrainingStarted(this ILogger logger, string instanceId, string jobId, string target);

    [LoggerMessage(4103, LogLevel.Information, "Retrain {InstanceId}: dataset {Dataset} gave {Model} version {Version} (promoted: {Promoted})")]
    public static partial void RetrainCompleted(this ILogger logger, string instanceId, string dataset, string model, int version, bool promoted);

    [LoggerMessage(4104, LogLevel.Error, "Retrain {InstanceId}: dataset {Dataset} failed at {Step}: {Reason}")]
    public static partial void RetrainFailed(this ILogger logger, string instanceId, string dataset, string step, string reason);

    [LoggerMessage(4105, LogLevel.Warning, "Retrain {InstanceId}: webhook {Webhook} did not take the {Kind} event: {Error}")]
    public static partial void WebhookUndelivered(this ILogger logger, string instanceId, string webhook, string kind, string error);

    [LoggerMessage(4106, LogLevel.Warning, "Retrain step {Step} for {InstanceId} failed ({ErrorType}): {Message}")]
    public static partial void StepFailed(this ILogger logger, string step, string instanceId, string errorType, string message);
}
