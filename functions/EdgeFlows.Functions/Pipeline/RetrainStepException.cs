namespace EdgeFlows.Functions.Pipeline;

/// <summary>
/// A step's activity failed; the message is readable and redacted (it is stored in the run's
/// history). Retried by the step's retry policy, unlike <see cref="RetrainStepRefusedException"/>.
/// </summary>
public class RetrainStepException : Exception
{
    /// <summary>Creates the exception.</summary>
    public RetrainStepException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public RetrainStepException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception. The inner exception is for logs on this host; history keeps only this message.</summary>
    public RetrainStepException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>
/// A step's activity was refused in a way retrying cannot fix: bad credentials, a changed host
/// key, bad input, a job that produced no metrics. Retry policies never retry it.
/// </summary>
public sealed class RetrainStepRefusedException : RetrainStepException
{
    /// <summary>Creates the exception.</summary>
    public RetrainStepRefusedException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public RetrainStepRefusedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public RetrainStepRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
