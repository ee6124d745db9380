// Turns what the OpenSSH client prints when it gives up (exit code 255) into a failure kind
// and a sentence an operator can act on. The client's own text is kept (redacted) for cases
// not recognised here.
namespace EdgeFlows.Activities.Training.Ssh;

internal static class SshFailures
{
    public static TrainingTargetException Classify(TrainingTarget target, string stderr)
    {
        var where = $"{target.Host}:{target.Port}";
        var detail = FirstMeaningfulLine(stderr);
        var (failure, message) = stderr switch
        {
            _ when Has(stderr, "REMOTE HOST IDENTIFICATION HAS CHANGED") || Has(stderr, "has changed and you have requested strict checking") =>
                (TrainingTargetFailure.HostKeyMismatch,
                 $"host key for {where} changed: the server's key does not match the one pinned in {target.KnownHostsFile}, so the connection was refused. If the VM was rebuilt on purpose, pin its new key."),
            _ when Has(stderr, "Host key verification failed") || Has(stderr, "host key is known for") =>
                (TrainingTargetFailure.HostKeyMismatch,
                 $"host key for {where} is not pinned in {target.KnownHostsFile} (or does not match it), so the connection was refused."),
            _ when Has(stderr, "Permission denied") || Has(stderr, "Too many authentication failures") =>
                (TrainingTargetFailure.AuthenticationFailed,
                 $"{target.User}@{where} refused the key {target.IdentityFile} (key authentication only): {detail}"),
            _ when Has(stderr, "Load key") || Has(stderr, "UNPROTECTED PRIVATE KEY FILE") || Has(stderr, "no such identity") =>
                (TrainingTargetFailure.AuthenticationFailed, $"the private key {target.IdentityFile} cannot be used: {detail}"),
            _ when Has(stderr, "Connection refused") =>
                (TrainingTargetFailure.Unreachable, $"connection to {where} refused (no ssh server listening there?)"),
            _ when Has(stderr, "timed out") =>
                (TrainingTargetFailure.Unreachable, $"connecting to {where} timed out after {ConnectSeconds(target)} s"),
            _ when Has(stderr, "Could not resolve hostname") =>
                (TrainingTargetFailure.Unreachable, $"the host name {target.Host} could not be resolved"),
            _ when Has(stderr, "No route to host") || Has(stderr, "Network is unreachable") =>
                (TrainingTargetFailure.Unreachable, $"{where} is unreachable: {detail}"),
            _ => (TrainingTargetFailure.Unreachable, $"ssh to {where} failed: {detail}"),
        };
        return new TrainingTargetException(target.Name, failure, $"Training target '{target.Name}': {message}");
    }

    /// <summary>ssh's ConnectTimeout takes whole seconds; a fraction is rounded up.</summary>
    public static int ConnectSeconds(TrainingTarget target) => Math.Max(1, (int)Math.Ceiling(target.ConnectTimeout.TotalSeconds));

    private static bool Has(string text, string part) => text.Contains(part, StringComparison.OrdinalIgnoreCase);

    private static string FirstMeaningfulLine(string stderr)
    {
        var line = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .FirstOrDefault(l => !l.StartsWith("@@@", StringComparison.Ordinal) && !l.StartsWith("Warning: Permanently added", StringComparison.Ordinal))
            ?? "(no message)";
        return SasRedaction.Redact(line.Length > 300 ? line[..300] + "…" : line);
    }
}
