namespace EdgeFlows.Functions.Pipeline;

/// <summary>
/// A <see cref="Retrain"/> run failed; the message says at which step and why, readably
/// (it becomes the instance's failure). After the failure event was sent and the job, if
/// still running, was cancelled.
/// </summary>
public sealed class RetrainFailedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public RetrainFailedException(string step, string reason)
        : base(reason)
    {
        Step = step;
    }

    /// <summary>Creates the exception.</summary>
    public RetrainFailedException()
        : this("unknown", "The retrain run failed.")
    {
    }

    /// <summary>Creates the exception.</summary>
    public RetrainFailedException(string message)
        : this("unknown", message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public RetrainFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
        Step = "unknown";
    }

    /// <summary>The step that failed.</summary>
    public string Step { get; }
}
