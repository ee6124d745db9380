using EdgeFlows.Activities.Training;

namespace EdgeFlows.Functions.Pipeline.Configuration;

/// <summary>
/// A machine that can train: <c>EdgeFlows:Targets:{name}</c>. <c>local</c> runs jobs as
/// processes on this host; <c>ssh</c> runs them on a VM through the OpenSSH client with key
/// authentication and a pinned known_hosts file.
/// </summary>
public sealed class TrainingTargetOptions
{
    /// <summary>The local runner's kind.</summary>
    public const string LocalKind = "local";

    /// <summary>The SSH runner's kind.</summary>
    public const string SshKind = "ssh";

    /// <summary>
    /// False takes the target out of rotation (no run probes or uses it) while keeping its
    /// settings; its key files need not be set or exist. Default true.
    /// </summary>
    public bool Enabled { get; set; } = true;

    /// <summary><c>local</c> or <c>ssh</c>. Required.</summary>
    public string Kind { get; set; } = string.Empty;

    /// <summary>The folder on the target under which job folders live. Required.</summary>
    public string WorkRoot { get; set; } = string.Empty;

    /// <summary>The VM's host name or address (ssh).</summary>
    public string? Host { get; set; }

    /// <summary>The SSH port. Default 22.</summary>
    public int Port { get; set; } = 22;

    /// <summary>The user to log in as (ssh).</summary>
    public string? User { get; set; }

    /// <summary>The private key file (ssh). A path, not the key: keep the file out of configuration.</summary>
    public string? IdentityFile { get; set; }

    /// <summary>The known_hosts file that pins the VM's host key (ssh); a changed key refuses the connection.</summary>
    public string? KnownHostsFile { get; set; }

    /// <summary>Timeout of connecting. Default 10 s.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Timeout of each command on the target (probe, start, status, cancel). Default 60 s.</summary>
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Jobs this target runs at once; a target running this many is not fit. Default 1.</summary>
    public int MaxConcurrentJobs { get; set; } = 1;

    /// <summary>The Python 3 interpreter on the target that runs the job wrapper. Default <c>python3</c>.</summary>
    public string Python { get; set; } = "python3";

    /// <summary>The runner's view of this target.</summary>
    public TrainingTarget ToTarget(string name) => new()
    {
        Name = name,
        Kind = Kind,
        WorkRoot = WorkRoot,
        Python = Python,
        Host = Host,
        Port = Port,
        User = User,
        IdentityFile = IdentityFile,
        KnownHostsFile = KnownHostsFile,
        ConnectTimeout = ConnectTimeout,
        CommandTimeout = CommandTimeout,
    };

    internal void Validate(string key, Action<bool, string, string> require, bool windowsHost)
    {
        require(Kind is LocalKind or SshKind, $"{key}:{nameof(Kind)}", $"must be '{LocalKind}' or '{SshKind}'");
        require(!(Kind == LocalKind && Enabled && windowsHost), $"{key}:{nameof(Kind)}",
            $"'{LocalKind}' needs a Linux or macOS host (its job wrapper runs jobs as POSIX process groups); on Windows, such as App Service's workers, " +
            $"train on a VM with an '{SshKind}' target and turn this one off ({RetrainPipelineOptions.SectionName}:{key}:{nameof(Enabled)} = false)");
        require(!string.IsNullOrWhiteSpace(WorkRoot) && !WorkRoot.Any(char.IsControl), $"{key}:{nameof(WorkRoot)}", "is required: the folder on the target that holds job folders");
        require(ConnectTimeout > TimeSpan.Zero && ConnectTimeout <= TimeSpan.FromMinutes(10), $"{key}:{nameof(ConnectTimeout)}", "must be more than 0 and at most 10 minutes");
        require(CommandTimeout > TimeSpan.Zero && CommandTimeout <= TimeSpan.FromHours(1), $"{key}:{nameof(CommandTimeout)}", "must be more than 0 and at most 1 hour");
        require(MaxConcurrentJobs is >= 1 and <= 1000, $"{key}:{nameof(MaxConcurrentJobs)}", "must be between 1 and 1000");
        require(!string.IsNullOrWhiteSpace(Python) && !Python.Any(char.IsControl), $"{key}:{nameof(Python)}", "must name the Python 3 interpreter");
        if (Kind != SshKind)
        {
            return;
        }

        require(!string.IsNullOrWhiteSpace(Host) && !Host.Any(c => char.IsControl(c) || char.IsWhiteSpace(c)) && !Host.StartsWith('-'), $"{key}:{nameof(Host)}",
            "is required for an ssh target: a host name or address, without spaces, not starting with '-'");
        require(Port is >= 1 and <= 65535, $"{key}:{nameof(Port)}", "must be between 1 and 65535");
        require(!string.IsNullOrWhiteSpace(User) && !User.Any(c => char.IsControl(c) || char.IsWhiteSpace(c) || c == '@') && !User.StartsWith('-'), $"{key}:{nameof(User)}",
            "is required for an ssh target: a user name without spaces or '@', not starting with '-'");
        // A disabled target's key files need not be set or exist here (its VM may not be
        // set up yet); a path that is given must still be a plain path.
        require(Enabled ? !string.IsNullOrWhiteSpace(IdentityFile) && File.Exists(IdentityFile) : IsPathOrUnset(IdentityFile), $"{key}:{nameof(IdentityFile)}",
            "must name an existing private key file (ssh targets use key authentication only)");
        require(Enabled ? !string.IsNullOrWhiteSpace(KnownHostsFile) && File.Exists(KnownHostsFile) : IsPathOrUnset(KnownHostsFile), $"{key}:{nameof(KnownHostsFile)}",
            "must name an existing known_hosts file that pins the target's host key");
    }

    private static bool IsPathOrUnset(string? path) =>
        string.IsNullOrEmpty(path) || (!string.IsNullOrWhiteSpace(path) && !path.Any(char.IsControl) && path.IndexOfAny(Path.GetInvalidPathChars()) < 0);
}
