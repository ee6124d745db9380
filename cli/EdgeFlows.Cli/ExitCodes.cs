// The process exit codes are the CLI's contract with scripts: `edgeflows --help` and
// docs/cli.md list them from here, so the three never disagree.
namespace EdgeFlows.Cli;

/// <summary>What <c>edgeflows</c> exits with.</summary>
public static class ExitCodes
{
    /// <summary>The command did what was asked (for <c>watch</c>: the run completed).</summary>
    public const int Ok = 0;

    /// <summary><c>watch</c> (or <c>start --watch</c>): the run failed or was terminated.</summary>
    public const int RunFailed = 1;

    /// <summary>Bad command line: unknown command or option, a missing or invalid value, JSON that does not parse.</summary>
    public const int Usage = 2;

    /// <summary>No such instance or model version.</summary>
    public const int NotFound = 3;

    /// <summary>The store or the app cannot be reached or refused the key (a missing store file, connection refused, timeout, HTTP 401/403).</summary>
    public const int Unavailable = 4;

    /// <summary>The instance's state does not allow it: an event or terminate for a finished run, a purge of a running one, a start under an id in use.</summary>
    public const int Conflict = 5;

    /// <summary><c>watch --timeout</c> elapsed before the run finished.</summary>
    public const int WatchTimeout = 6;

    /// <summary>Anything else: the app answered with a server error, or the CLI met an unexpected error.</summary>
    public const int Error = 7;

    /// <summary>Interrupted (Ctrl-C), as shells report SIGINT.</summary>
    public const int Interrupted = 130;

    /// <summary>Every code with its meaning, in order, for help and docs.</summary>
    public static IReadOnlyList<(int Code, string Meaning)> All { get; } =
    [
        (Ok, "success; for watch, the run completed"),
        (RunFailed, "watch: the run failed or was terminated"),
        (Usage, "usage error: unknown command or option, missing or invalid value, bad JSON"),
        (NotFound, "no such instance or model version"),
        (Unavailable, "cannot reach the store or the app, or the key was refused (HTTP 401/403)"),
        (Conflict, "the instance's state does not allow it (finished, still running, id in use)"),
        (WatchTimeout, "watch: --timeout elapsed before the run finished"),
        (Error, "server error (HTTP 5xx) or unexpected error"),
        (Interrupted, "interrupted (Ctrl-C)"),
    ];
}
