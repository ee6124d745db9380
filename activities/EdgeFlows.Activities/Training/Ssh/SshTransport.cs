// The ssh target: every command is one run of the OpenSSH client (Process with an argument
// list, never a shell string built from names). Key authentication only, the host key pinned
// in the target's known_hosts file (a changed key refuses the connection), and one shared
// connection per target (ControlMaster) in a private folder, so later commands skip the
// handshake. The client is killed when a command outlives the target's command timeout.
using System.Collections.Concurrent;
using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using EdgeFlows.Activities.Training.Transport;
using Microsoft.Extensions.Logging;

namespace EdgeFlows.Activities.Training.Ssh;

internal sealed class SshTransport : ITargetTransport, IDisposable
{
    // Unix socket paths are limited to ~104-108 bytes, and ssh appends ".XXXXXXXXXXXXXXXX" while
    // creating one, so the folder must stay short; a long TMPDIR gives way to /tmp.
    private const int MaxControlFolderLength = 60;
    private static readonly TimeSpan CloseTimeout = TimeSpan.FromSeconds(5);

    private readonly TrainingRunnerOptions _options;
    private readonly ILogger _logger;
    private readonly Lazy<string> _controlFolder = new(CreateControlFolder);
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _sessions = new(StringComparer.Ordinal);
    private volatile bool _disposed;

    public SshTransport(TrainingRunnerOptions options, ILogger logger)
    {
        _options = options;
        _logger = logger;
    }

    public string ResolveWorkRoot(TrainingTarget target) => RemoteWorkRoot(target);

    public string InstallKey(TrainingTarget target) => RemoteInstallKey(target);

    /// <summary>The work root as a remote command receives it (both ssh transports).</summary>
    internal static string RemoteWorkRoot(TrainingTarget target)
    {
        // Quoted arguments get no tilde expansion; ssh commands start in the home folder, so a
        // path relative to it means the same.
        var root = target.WorkRoot;
        return root == "~" ? "." : root.StartsWith("~/", StringComparison.Ordinal) ? (root.Length > 2 ? root[2..] : ".") : root;
    }

    /// <summary>What was installed where, for either ssh transport: machine, user and work root.</summary>
    internal static string RemoteInstallKey(TrainingTarget target) => $"ssh|{target.User}@{target.Host}:{target.Port}|{RemoteWorkRoot(target)}";

    public async Task<CommandResult> RunAsync(TrainingTarget target, IReadOnlyList<string> argv, ReadOnlyMemory<byte> stdin, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var start = new ProcessStartInfo(_options.SshExecutable);
        foreach (var argument in Arguments(target, PosixShell.Command(argv)))
        {
            start.ArgumentList.Add(argument);
        }

        var sessions = _sessions[ControlPath(target)];
        await sessions.WaitAsync(cancellationToken).ConfigureAwait(false);
        CommandResult? result;
        try
        {
            result = await TargetProcess.RunAsync(start, stdin, target.CommandTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (Win32Exception e)
        {
            throw new TrainingTargetException(target.Name, TrainingTargetFailure.CommandFailed,
                $"The OpenSSH client '{_options.SshExecutable}' could not be started: {e.Message}.", e);
        }
        finally
        {
            sessions.Release();
        }

        if (result is null)
        {
            throw SshFailures.CommandTimedOut(target, "the client was killed");
        }

        // 255 is ssh's own failure; the wrapper never exits with it.
        return result.ExitCode == 255 ? throw SshFailures.Classify(target, result.Stderr) : result;
    }

    public void Dispose()
    {
        if (_disposed || !_controlFolder.IsValueCreated)
        {
            _disposed = true;
            return;
        }

        _disposed = true;
        foreach (var controlPath in _sessions.Keys.Where(File.Exists))
        {
            CloseMaster(controlPath);
        }

        // The semaphores are left alone: a command still in flight releases its own, and
        // SemaphoreSlim holds nothing to free unless its wait handle was used.

        try
        {
            Directory.Delete(_controlFolder.Value, recursive: true);
        }
        catch (IOException)
        {
            // A master still closing; the folder is empty soon and tiny anyway.
        }
    }

    internal List<string> Arguments(TrainingTarget target, string remoteCommand)
    {
        var controlPath = ControlPath(target);
        return
        [
            "-F", "none", // no user or system config: what runs is exactly what is written here
            "-T",
            "-p", target.Port.ToString(CultureInfo.InvariantCulture),
            "-l", target.User!,
            "-o", "IdentityFile=" + ConfigValue(target.IdentityFile!),
            "-o", "IdentitiesOnly=yes",
            "-o", "BatchMode=yes",
            "-o", "PasswordAuthentication=no",
            "-o", "KbdInteractiveAuthentication=no",
            "-o", "PubkeyAuthentication=yes",
            "-o", "StrictHostKeyChecking=yes",
            "-o", "UserKnownHostsFile=" + ConfigValue(target.KnownHostsFile!),
            "-o", "GlobalKnownHostsFile=/dev/null",
            "-o", "UpdateHostKeys=no",
            "-o", "CheckHostIP=no",
            "-o", "ConnectTimeout=" + SshFailures.ConnectSeconds(target).ToString(CultureInfo.InvariantCulture),
            "-o", "ConnectionAttempts=1",
            "-o", "ServerAliveInterval=15",
            "-o", "ServerAliveCountMax=4",
            "-o", "ControlMaster=auto",
            "-o", "ControlPath=" + ConfigValue(controlPath),
            "-o", "ControlPersist=" + Math.Max(1, (int)_options.SshControlPersist.TotalSeconds).ToString(CultureInfo.InvariantCulture),
            "-o", "LogLevel=ERROR",
            "--",
            target.Host!,
            remoteCommand,
        ];
    }

    // The shared connection's socket; registers the semaphore that bounds its sessions.
    private string ControlPath(TrainingTarget target)
    {
        var controlPath = Path.Join(_controlFolder.Value, ConnectionHash(target));
        _sessions.GetOrAdd(controlPath, _ => new SemaphoreSlim(Math.Max(1, _options.SshMaxSessionsPerTarget)));
        return controlPath;
    }

    // ssh reads -o values like its config file: quotes group, '%' starts a token, '~' a home.
    private static string ConfigValue(string path)
    {
        if (path.Any(c => c is '"' or '\\' || char.IsControl(c)))
        {
            throw new ArgumentException($"The path '{path}' cannot be passed to ssh: it contains a quote, backslash or control character.", nameof(path));
        }

        return "\"" + path.Replace("%", "%%", StringComparison.Ordinal) + "\"";
    }

    // One shared connection per distinct set of connection settings; ssh's own %C leaves out the
    // key and known_hosts files, so two targets differing only in those would share one.
    internal static string ConnectionHash(TrainingTarget target)
    {
        var identity = string.Join('\n', target.User, target.Host, target.Port, target.IdentityFile, target.KnownHostsFile);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(identity)))[..16];
    }

    private static string CreateControlFolder()
    {
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException(
                "The OpenSSH client transport needs a Unix host: it shares connections through Unix sockets. On Windows, use the managed client (EdgeFlows:Runners:SshClient = Managed, the default there).");
        }

        var parent = Path.GetTempPath();
        if (parent.Length > MaxControlFolderLength - 16)
        {
            parent = "/tmp";
        }

        var folder = Path.Join(parent, "efssh-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(5)));
        Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        File.SetUnixFileMode(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return folder;
    }

    private void CloseMaster(string controlPath)
    {
        var start = new ProcessStartInfo(_options.SshExecutable) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in new[] { "-F", "none", "-o", "ControlPath=" + ConfigValue(controlPath), "-O", "exit", "--", "edgeflows-control" })
        {
            start.ArgumentList.Add(argument);
        }

        try
        {
            using var process = Process.Start(start);
            if (process is not null && !process.WaitForExit(CloseTimeout))
            {
                process.Kill();
            }
        }
        catch (Exception e) when (e is Win32Exception or InvalidOperationException)
        {
            _logger.SshMasterCloseFailed(controlPath, e.Message);
        }
    }
}
