// The ways an ssh command to a target fails, each a failure kind and a sentence an operator
// can act on, for both transports: Classify reads what the OpenSSH client prints when it gives
// up (exit code 255); the managed transport picks the same sentences from SSH.NET's
// exceptions. The client's own text is kept (redacted) for cases not recognised here.
namespace EdgeFlows.Activities.Training.Ssh;

internal static class SshFailures
{
    public static TrainingTargetException Classify(TrainingTarget target, string stderr)
    {
        var detail = Detail(stderr);
        return stderr switch
        {
            _ when Has(stderr, "REMOTE HOST IDENTIFICATION HAS CHANGED") || Has(stderr, "has changed and you have requested strict checking") => HostKeyChanged(target),
            _ when Has(stderr, "Host key verification failed") || Has(stderr, "host key is known for") => HostKeyNotPinned(target, orMismatch: true),
            _ when Has(stderr, "Permission denied") || Has(stderr, "Too many authentication failures") => KeyRefused(target, detail),
            _ when Has(stderr, "Load key") || Has(stderr, "UNPROTECTED PRIVATE KEY FILE") || Has(stderr, "no such identity") => KeyUnusable(target, detail),
            _ when Has(stderr, "Connection refused") => Refused(target),
            _ when Has(stderr, "timed out") => ConnectTimedOut(target),
            _ when Has(stderr, "Could not resolve hostname") => Unresolved(target),
            _ when Has(stderr, "No route to host") || Has(stderr, "Network is unreachable") => Unreachable(target, detail),
            _ => Failed(target, detail),
        };
    }

    public static TrainingTargetException HostKeyChanged(TrainingTarget target, Exception? inner = null) =>
        New(target, TrainingTargetFailure.HostKeyMismatch,
            $"host key for {Where(target)} changed: the server's key does not match the one pinned in {target.KnownHostsFile}, so the connection was refused. If the VM was rebuilt on purpose, pin its new key.", inner);

    // orMismatch: OpenSSH says the same for a key that is not pinned and one that does not match.
    public static TrainingTargetException HostKeyNotPinned(TrainingTarget target, bool orMismatch = false, Exception? inner = null) =>
        New(target, TrainingTargetFailure.HostKeyMismatch,
            $"host key for {Where(target)} is not pinned in {target.KnownHostsFile}{(orMismatch ? " (or does not match it)" : string.Empty)}, so the connection was refused.", inner);

    public static TrainingTargetException HostKeyRevoked(TrainingTarget target, Exception? inner = null) =>
        New(target, TrainingTargetFailure.HostKeyMismatch,
            $"the host key {Where(target)} offered is marked @revoked in {target.KnownHostsFile}, so the connection was refused.", inner);

    public static TrainingTargetException KnownHostsUnreadable(TrainingTarget target, Exception inner) =>
        New(target, TrainingTargetFailure.HostKeyMismatch,
            $"the known_hosts file {target.KnownHostsFile} cannot be read ({inner.Message}), so the host key of {Where(target)} cannot be checked and no connection is made.", inner);

    public static TrainingTargetException KeyRefused(TrainingTarget target, string detail, Exception? inner = null) =>
        New(target, TrainingTargetFailure.AuthenticationFailed,
            $"{target.User}@{Where(target)} refused the key {target.IdentityFile} (key authentication only): {detail}", inner);

    public static TrainingTargetException KeyUnusable(TrainingTarget target, string reason, Exception? inner = null) =>
        New(target, TrainingTargetFailure.AuthenticationFailed, $"the private key {target.IdentityFile} cannot be used: {reason}", inner);

    public static TrainingTargetException Refused(TrainingTarget target, Exception? inner = null) =>
        New(target, TrainingTargetFailure.Unreachable, $"connection to {Where(target)} refused (no ssh server listening there?)", inner);

    public static TrainingTargetException ConnectTimedOut(TrainingTarget target, Exception? inner = null) =>
        New(target, TrainingTargetFailure.Unreachable, $"connecting to {Where(target)} timed out after {ConnectSeconds(target)} s", inner);

    public static TrainingTargetException Unresolved(TrainingTarget target, Exception? inner = null) =>
        New(target, TrainingTargetFailure.Unreachable, $"the host name {target.Host} could not be resolved", inner);

    public static TrainingTargetException Unreachable(TrainingTarget target, string detail, Exception? inner = null) =>
        New(target, TrainingTargetFailure.Unreachable, $"{Where(target)} is unreachable: {detail}", inner);

    public static TrainingTargetException Failed(TrainingTarget target, string detail, Exception? inner = null) =>
        New(target, TrainingTargetFailure.Unreachable, $"ssh to {Where(target)} failed: {detail}", inner);

    // ending: what became of the command ("the client was killed", say).
    public static TrainingTargetException CommandTimedOut(TrainingTarget target, string ending) =>
        New(target, TrainingTargetFailure.Timeout,
            $"a command over ssh to {Where(target)} did not finish within {target.CommandTimeout.TotalSeconds:0.#} s; {ending}.", null);

    /// <summary>ssh's ConnectTimeout takes whole seconds; a fraction is rounded up.</summary>
    public static int ConnectSeconds(TrainingTarget target) => Math.Max(1, (int)Math.Ceiling(target.ConnectTimeout.TotalSeconds));

    /// <summary>The first line of a client's message that says something, redacted and cut to 300 characters.</summary>
    public static string Detail(string text)
    {
        var line = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .FirstOrDefault(l => !l.StartsWith("@@@", StringComparison.Ordinal) && !l.StartsWith("Warning: Permanently added", StringComparison.Ordinal))
            ?? "(no message)";
        return SasRedaction.Redact(line.Length > 300 ? line[..300] + "…" : line);
    }

    private static string Where(TrainingTarget target) => $"{target.Host}:{target.Port}";

    private static TrainingTargetException New(TrainingTarget target, TrainingTargetFailure failure, string message, Exception? inner) =>
        new(target.Name, failure, $"Training target '{target.Name}': {message}", inner);

    private static bool Has(string text, string part) => text.Contains(part, StringComparison.OrdinalIgnoreCase);
}
