using System.Text.Json.Serialization;

namespace EdgeFlows.Activities.Training;

/// <summary>Where a training job is in its life.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<TrainingJobPhase>))]
public enum TrainingJobPhase
{
    /// <summary>Created; the wrapper has not begun.</summary>
    Pending,

    /// <summary>Downloading inputs.</summary>
    Downloading,

    /// <summary>The command runs.</summary>
    Running,

    /// <summary>The command exited with 0; uploading outputs.</summary>
    Uploading,

    /// <summary>Finished: outputs uploaded.</summary>
    Succeeded,

    /// <summary>Finished: a download, the command (non-zero exit) or an upload failed, or the wrapper died.</summary>
    Failed,

    /// <summary>Finished: cancelled on request or for exceeding its maximum duration.</summary>
    Cancelled,

    /// <summary>No job with this id on the target.</summary>
    NotFound,
}
