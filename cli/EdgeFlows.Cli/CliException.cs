namespace EdgeFlows.Cli;

/// <summary>
/// A failure the CLI reports as one message and an exit code (<see cref="ExitCodes"/>). The
/// message is shown as it is, so it must name what is wrong and never carry a key.
/// </summary>
public sealed class CliException : Exception
{
    /// <summary>Creates the exception.</summary>
    public CliException(int exitCode, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        ExitCode = exitCode;
    }

    /// <summary>The process exit code.</summary>
    public int ExitCode { get; }

    /// <summary>The kind of failure in JSON errors: usage, not-found, unavailable, conflict, error.</summary>
    public string Kind => KindOf(ExitCode);

    /// <summary>A usage error (exit 2).</summary>
    public static CliException Usage(string message) => new(ExitCodes.Usage, message);

    /// <summary>Not found (exit 3).</summary>
    public static CliException NotFound(string message) => new(ExitCodes.NotFound, message);

    /// <summary>The store or app cannot be used (exit 4).</summary>
    public static CliException Unavailable(string message, Exception? innerException = null) => new(ExitCodes.Unavailable, message, innerException);

    /// <summary>Refused in the instance's state (exit 5).</summary>
    public static CliException Conflict(string message) => new(ExitCodes.Conflict, message);

    /// <summary>The name of an exit code's kind of failure.</summary>
    public static string KindOf(int exitCode) => exitCode switch
    {
        ExitCodes.RunFailed => "run-failed",
        ExitCodes.Usage => "usage",
        ExitCodes.NotFound => "not-found",
        ExitCodes.Unavailable => "unavailable",
        ExitCodes.Conflict => "conflict",
        ExitCodes.WatchTimeout => "timeout",
        ExitCodes.Interrupted => "interrupted",
        _ => "error",
    };
}
