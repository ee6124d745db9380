namespace EdgeFlows.Activities.Training;

/// <summary>Why a target could not be used for a command.</summary>
public enum TrainingTargetFailure
{
    /// <summary>No connection: refused, timed out, name not resolved.</summary>
    Unreachable,

    /// <summary>The host's key is not the pinned one, or none is pinned.</summary>
    HostKeyMismatch,

    /// <summary>The key was refused.</summary>
    AuthenticationFailed,

    /// <summary>The command on the target did not finish within the command timeout.</summary>
    Timeout,

    /// <summary>Connected, but the target cannot run jobs (e.g. no Python 3, work root not writable) or the wrapper failed.</summary>
    CommandFailed,
}

/// <summary>
/// A command on a training target failed before it could say anything about a job: the
/// target is unreachable, refused us, timed out, or cannot run the wrapper. The message is
/// readable and holds no secret.
/// </summary>
public sealed class TrainingTargetException : Exception
{
    /// <summary>Creates the exception.</summary>
    public TrainingTargetException(string target, TrainingTargetFailure failure, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Target = target;
        Failure = failure;
    }

    /// <summary>Creates the exception with an unspecified target (for serializers and analyzers).</summary>
    public TrainingTargetException()
        : this(string.Empty, TrainingTargetFailure.CommandFailed, "The training target failed.")
    {
    }

    /// <summary>Creates the exception with an unspecified target.</summary>
    public TrainingTargetException(string message)
        : this(string.Empty, TrainingTargetFailure.CommandFailed, message)
    {
    }

    /// <summary>Creates the exception with an unspecified target.</summary>
    public TrainingTargetException(string message, Exception innerException)
        : this(string.Empty, TrainingTargetFailure.CommandFailed, message, innerException)
    {
    }

    /// <summary>The target's name.</summary>
    public string Target { get; }

    /// <summary>What went wrong.</summary>
    public TrainingTargetFailure Failure { get; }

    /// <summary>Whether retrying later may help (a network problem or timeout) rather than needing a fix.</summary>
    public bool IsTransient => Failure is TrainingTargetFailure.Unreachable or TrainingTargetFailure.Timeout;
}
