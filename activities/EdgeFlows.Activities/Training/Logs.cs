// Log messages of the training runners; event ids 3100-3199 belong to training. No message
// takes a URL or a spec: jobs are logged by id and target name.
using Microsoft.Extensions.Logging;

namespace EdgeFlows.Activities.Training;

internal static partial class Logs
{
    [LoggerMessage(EventId = 3100, Level = LogLevel.Information, Message = "Training job {JobId} on {Target}: {Phase} after start")]
    public static partial void JobStarted(this ILogger logger, string jobId, string target, TrainingJobPhase phase);

    [LoggerMessage(EventId = 3101, Level = LogLevel.Information, Message = "Training job {JobId} on {Target}: {Phase} after cancel")]
    public static partial void JobCancelled(this ILogger logger, string jobId, string target, TrainingJobPhase phase);

    [LoggerMessage(EventId = 3102, Level = LogLevel.Debug, Message = "Installed the job wrapper {Wrapper} on {Target}")]
    public static partial void WrapperInstalled(this ILogger logger, string wrapper, string target);

    [LoggerMessage(EventId = 3103, Level = LogLevel.Debug, Message = "Command {Command} on {Target} failed ({Failure}): {Reason}")]
    public static partial void TargetCommandFailed(this ILogger logger, string command, string target, TrainingTargetFailure failure, string reason);

    [LoggerMessage(EventId = 3104, Level = LogLevel.Debug, Message = "Probed {Target}: reachable {Reachable}, error {Error}")]
    public static partial void Probed(this ILogger logger, string target, bool reachable, string? error);

    [LoggerMessage(EventId = 3105, Level = LogLevel.Debug, Message = "Could not close the shared ssh connection {ControlPath}: {Reason}")]
    public static partial void SshMasterCloseFailed(this ILogger logger, string controlPath, string reason);

    [LoggerMessage(EventId = 3106, Level = LogLevel.Information, Message = "The kept ssh connection to {Target} was lost ({Reason}); connecting again")]
    public static partial void SshConnectionLost(this ILogger logger, string target, string reason);
}
