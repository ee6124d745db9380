// Log messages of the model registry; event ids 3700-3799 belong to models.
using Microsoft.Extensions.Logging;

namespace EdgeFlows.Activities.Models;

internal static partial class Logs
{
    [LoggerMessage(EventId = 3700, Level = LogLevel.Debug, Message = "Model registry opened in {Source}")]
    public static partial void RegistryOpened(ILogger logger, string source);

    [LoggerMessage(EventId = 3701, Level = LogLevel.Information, Message = "Registered model {Model} version {Version} for run {RunId}")]
    public static partial void VersionRegistered(ILogger logger, string model, int version, string runId);

    [LoggerMessage(EventId = 3702, Level = LogLevel.Information, Message = "Run {RunId} registered model {Model} already, as version {Version}; returning that version")]
    public static partial void RegistrationRepeated(ILogger logger, string runId, string model, int version);

    [LoggerMessage(EventId = 3703, Level = LogLevel.Information, Message = "Model {Model} version {Version} is now {Stage}: {Reason}")]
    public static partial void StageChanged(ILogger logger, string model, int version, ModelStage stage, string reason);

    [LoggerMessage(EventId = 3704, Level = LogLevel.Information, Message = "Model {Model} version {Version} archived: version {Champion} was promoted")]
    public static partial void ChampionArchived(ILogger logger, string model, int version, int champion);

    [LoggerMessage(EventId = 3705, Level = LogLevel.Information, Message = "Model {Model} version {Version} has image {ImageReference}@{ImageDigest}")]
    public static partial void ImageRecorded(ILogger logger, string model, int version, string imageReference, string imageDigest);
}
