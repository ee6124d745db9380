namespace EdgeFlows.Durable;

/// <summary>
/// What went wrong in an activity, sub-orchestration or orchestration: the original
/// exception's type, message and stack, and the failure that caused it, if any.
/// Stored in history, so it must never carry secrets: exception messages are the
/// responsibility of the code that throws them.
/// </summary>
/// <param name="ErrorType">Full name of the original exception type.</param>
/// <param name="ErrorMessage">The original exception's message.</param>
/// <param name="StackTrace">The original stack trace, if there was one.</param>
/// <param name="InnerFailure">The failure that caused this one.</param>
public sealed record TaskFailureDetails(
    string ErrorType,
    string ErrorMessage,
    string? StackTrace = null,
    TaskFailureDetails? InnerFailure = null)
{
    /// <summary>Captures an exception (and its inner exceptions) as failure details.</summary>
    public static TaskFailureDetails FromException(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        if (exception is TaskFailedException failed)
        {
            // A failed activity or sub-orchestration re-thrown by an orchestrator keeps the
            // original failure underneath, so the root cause is never lost.
            return new TaskFailureDetails(
                failed.GetType().FullName!, failed.Message, failed.StackTrace, failed.FailureDetails);
        }

        return new TaskFailureDetails(
            exception.GetType().FullName ?? exception.GetType().Name,
            exception.Message,
            exception.StackTrace,
            exception.InnerException is null ? null : FromException(exception.InnerException));
    }

    /// <summary>True when this failure, or one it wraps, was an exception of type <typeparamref name="T"/>.</summary>
    public bool IsCausedBy<T>()
        where T : Exception
    {
        for (var failure = this; failure is not null; failure = failure.InnerFailure)
        {
            if (failure.ErrorType == typeof(T).FullName)
            {
                return true;
            }
        }

        return false;
    }

    /// <inheritdoc />
    public override string ToString() => $"{ErrorType}: {ErrorMessage}";
}
