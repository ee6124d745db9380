// Where training runs: this host ("local") or a VM reached with the OpenSSH client ("ssh").
// Holds no secret (the private key stays in IdentityFile), so it may travel through
// orchestration history.
namespace EdgeFlows.Activities.Training;

/// <summary>A machine that runs training jobs, and how to reach it.</summary>
/// <remarks>
/// Job folders live under <see cref="WorkRoot"/> on the target: <c>WorkRoot/jobs/JOB_ID/</c>
/// (with <c>inputs/</c>, <c>outputs/</c>, <c>code/</c>, <c>state.json</c>, <c>log.txt</c>), and the job
/// wrapper under <c>WorkRoot/bin/</c>. Bind it from configuration or build it in code;
/// <see cref="Validate"/> says what is wrong with it.
/// </remarks>
public sealed record TrainingTarget
{
    /// <summary>The target's name in configuration, reports and logs.</summary>
    public string Name { get; init; } = string.Empty;

    /// <summary><see cref="TrainingTargetKinds.Local"/> or <see cref="TrainingTargetKinds.Ssh"/>; chooses the runner.</summary>
    public string Kind { get; init; } = TrainingTargetKinds.Local;

    /// <summary>
    /// Root of the job folders on the target. For ssh, an absolute path or one relative to the
    /// user's home folder (a leading <c>~/</c> means the same); for local, relative paths are
    /// taken from the current folder.
    /// </summary>
    public string WorkRoot { get; init; } = string.Empty;

    /// <summary>The Python 3 interpreter on the target that runs the job wrapper (default <c>python3</c>, looked up on PATH).</summary>
    public string Python { get; init; } = "python3";

    /// <summary>ssh: host name or IP address.</summary>
    public string? Host { get; init; }

    /// <summary>ssh: TCP port (default 22).</summary>
    public int Port { get; init; } = 22;

    /// <summary>ssh: the user to log in as.</summary>
    public string? User { get; init; }

    /// <summary>ssh: the private key file (key authentication only; passwords are never tried).</summary>
    public string? IdentityFile { get; init; }

    /// <summary>
    /// ssh: the pinned known_hosts file holding the target's host key. A host whose key is not
    /// in it, or differs from it, is refused.
    /// </summary>
    public string? KnownHostsFile { get; init; }

    /// <summary>ssh: how long establishing a connection may take (default 10 s; whole seconds, rounded up).</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long one command on the target may take, connecting included (default 60 s); the client process is killed after it.</summary>
    public TimeSpan CommandTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Throws when the target cannot be used, naming the property and what is wrong.</summary>
    /// <exception cref="ArgumentException">A property is missing or invalid.</exception>
    public void Validate() => TrainingTargetValidation.Validate(this);

    /// <summary>Where the target is, for messages: <c>name (user@host:port)</c> or <c>name (local)</c>.</summary>
    public string Describe() =>
        IsSsh ? $"{Name} ({User}@{Host}:{Port})" : $"{Name} (local)";

    internal bool IsSsh => string.Equals(Kind, TrainingTargetKinds.Ssh, StringComparison.OrdinalIgnoreCase);
}
