namespace EdgeFlows.Functions.Pipeline;

/// <summary>
/// The kinds of event a run sends to webhooks; <see cref="RetrainIds.EventId"/> gives each
/// its stable id.
/// </summary>
public static class RetrainEvents
{
    /// <summary>A new model version was registered and promoted (and its image pushed).</summary>
    public const string Succeeded = "succeeded";

    /// <summary>A new version was registered but the gate kept the champion.</summary>
    public const string Rejected = "rejected";

    /// <summary>The run failed.</summary>
    public const string Failed = "failed";

    /// <summary>The CloudEvents <c>type</c> of a kind, e.g. <c>io.edgeflows.retrain.succeeded</c>.</summary>
    public static string CloudEventType(string kind) => $"io.edgeflows.retrain.{kind}";
}
