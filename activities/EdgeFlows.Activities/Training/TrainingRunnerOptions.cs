namespace EdgeFlows.Activities.Training;

/// <summary>Settings shared by the training runners (the app binds section <c>EdgeFlows:Runners</c>).</summary>
public sealed class TrainingRunnerOptions
{
    /// <summary>How many of the job log's last lines a status carries (default 20).</summary>
    public int LogTailLines { get; set; } = 20;

    /// <summary>Longer log lines are cut to this many characters in a status (default 400).</summary>
    public int MaxLogLineLength { get; set; } = 400;

    /// <summary>
    /// Which ssh client the ssh runner uses: <see cref="SshClientKind.OpenSsh"/> (the OpenSSH
    /// client program), <see cref="SshClientKind.Managed"/> (SSH.NET, in process), or
    /// <see cref="SshClientKind.Auto"/> (the default: managed on Windows, OpenSSH elsewhere).
    /// </summary>
    public SshClientKind SshClient { get; set; } = SshClientKind.Auto;

    /// <summary>The OpenSSH client executable (default <c>ssh</c> on PATH).</summary>
    public string SshExecutable { get; set; } = "ssh";

    /// <summary>How long a shared ssh connection stays open without a command (default 5 min): OpenSSH's ControlPersist, and the same for the managed client's kept connections.</summary>
    public TimeSpan SshControlPersist { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The most commands at once over one shared ssh connection (default 8); others wait their
    /// turn. sshd refuses sessions past its MaxSessions (10 unless configured otherwise), and
    /// the client then opens a connection of its own for the command: a full handshake each.
    /// </summary>
    public int SshMaxSessionsPerTarget { get; set; } = 8;

    /// <summary>The most bytes of code files a job may ship (default 64 MiB): they travel inside the start command.</summary>
    public long MaxCodeBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>Every problem with the settings, each naming its key under <paramref name="section"/>; empty when valid.</summary>
    public IReadOnlyList<string> Validate(string section)
    {
        var errors = new List<string>();
        void Require(bool condition, string key, string problem)
        {
            if (!condition)
            {
                errors.Add($"{section}:{key} {problem}.");
            }
        }

        Require(Enum.IsDefined(SshClient), nameof(SshClient), "must be Auto, OpenSsh or Managed");
        Require(!string.IsNullOrWhiteSpace(SshExecutable), nameof(SshExecutable), "must name the OpenSSH client program");
        Require(SshControlPersist >= TimeSpan.FromSeconds(1), nameof(SshControlPersist), "must be at least 1 second");
        Require(SshMaxSessionsPerTarget is >= 1 and <= 64, nameof(SshMaxSessionsPerTarget), "must be between 1 and 64");
        Require(LogTailLines is >= 0 and <= 1000, nameof(LogTailLines), "must be between 0 and 1000");
        Require(MaxLogLineLength is >= 16 and <= 10_000, nameof(MaxLogLineLength), "must be between 16 and 10000");
        Require(MaxCodeBytes >= 1024, nameof(MaxCodeBytes), "must be at least 1024");
        return errors;
    }
}

/// <summary>The ssh client implementations of the ssh runner.</summary>
public enum SshClientKind
{
    /// <summary>Managed on Windows, OpenSSH elsewhere.</summary>
    Auto,

    /// <summary>The OpenSSH client program (<see cref="TrainingRunnerOptions.SshExecutable"/>), one shared connection per target through ControlMaster; Unix hosts only.</summary>
    OpenSsh,

    /// <summary>SSH.NET in this process, one kept connection per target; any host, Windows included.</summary>
    Managed,
}
