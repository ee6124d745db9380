// The ssh target through SSH.NET, in process: for hosts without a usable OpenSSH client, such
// as App Service's Windows workers (Windows' OpenSSH has no ControlMaster, and a sandboxed
// worker may have no ssh.exe at all). The same rules as the OpenSSH transport: key
// authentication only, the host key checked against the target's known_hosts file before
// anything is sent (a changed key refuses the connection), one kept connection per target
// with a bound on its sessions, closed after SshControlPersist without a command (as
// OpenSSH's ControlPersist), and the command timeout over connecting and running.
using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Text;
using EdgeFlows.Activities.Training.Transport;
using Microsoft.Extensions.Logging;
using Renci.SshNet;
using Renci.SshNet.Common;

namespace EdgeFlows.Activities.Training.Ssh;

internal sealed class ManagedSshTransport : ITargetTransport, IDisposable
{
    // Replies are one JSON object, a few KB; as TargetProcess, keep at most this much of each stream.
    private const int MaxCapturedChars = 1 << 20;
    private static readonly TimeSpan KeepAliveInterval = TimeSpan.FromSeconds(15);

    private readonly TrainingRunnerOptions _options;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, Connection> _connections = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private readonly ITimer _idleCheck;
    private volatile bool _disposed;
    private int _connectionsOpened;

    public ManagedSshTransport(TrainingRunnerOptions options, ILogger logger, TimeProvider? time = null)
    {
        _options = options;
        _logger = logger;
        _time = time ?? TimeProvider.System;
        var every = TimeSpan.FromTicks(Math.Clamp(options.SshControlPersist.Ticks / 2, TimeSpan.FromMilliseconds(200).Ticks, TimeSpan.FromSeconds(30).Ticks));
        _idleCheck = _time.CreateTimer(_ => CloseIdle(), null, every, every);
    }

    /// <summary>How many connections this transport has opened (kept ones are counted once).</summary>
    internal int ConnectionsOpened => Volatile.Read(ref _connectionsOpened);

    public string ResolveWorkRoot(TrainingTarget target) => SshTransport.RemoteWorkRoot(target);

    public string InstallKey(TrainingTarget target) => SshTransport.RemoteInstallKey(target);

    public async Task<CommandResult> RunAsync(TrainingTarget target, IReadOnlyList<string> argv, ReadOnlyMemory<byte> stdin, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var connection = _connections.GetOrAdd(SshTransport.ConnectionHash(target), _ => new Connection(Math.Max(1, _options.SshMaxSessionsPerTarget)));
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(target.CommandTimeout);
        try
        {
            await connection.Sessions.WaitAsync(timeout.Token).ConfigureAwait(false);
            connection.Enter();
            try
            {
                var (client, reused) = await ConnectAsync(connection, target, timeout.Token).ConfigureAwait(false);
                try
                {
                    return await ExecuteAsync(client, PosixShell.Command(argv), stdin, timeout.Token).ConfigureAwait(false);
                }
                catch (Exception e) when (reused && e is SshConnectionException or SocketException or ObjectDisposedException && !timeout.IsCancellationRequested)
                {
                    // The kept connection died while idle (the server or a firewall dropped it):
                    // one more try on a new one. Wrapper commands are safe to repeat.
                    if (_logger.IsEnabled(LogLevel.Information))
                    {
                        _logger.SshConnectionLost(target.Name, SshFailures.Detail(e.Message));
                    }

                    await connection.DropAsync(client).ConfigureAwait(false);
                    (client, _) = await ConnectAsync(connection, target, timeout.Token).ConfigureAwait(false);
                    return await ExecuteAsync(client, PosixShell.Command(argv), stdin, timeout.Token).ConfigureAwait(false);
                }
            }
            finally
            {
                connection.Leave(_time.GetTimestamp());
                connection.Sessions.Release();
            }
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw SshFailures.CommandTimedOut(target, "it was abandoned and its session closed");
        }
        catch (Exception e) when (e is SshException or SocketException or ProxyException)
        {
            // SshException covers a lost connection, a timeout, and a session the server would
            // not open even after SSH.NET's retries: all worth another try later.
            throw Unreachable(target, e);
        }
    }

    public void Dispose()
    {
        _disposed = true;
        _idleCheck.Dispose();
        foreach (var connection in _connections.Values)
        {
            connection.Close();
        }
    }

    // Closes the kept connections no command has used for SshControlPersist.
    private void CloseIdle()
    {
        var now = _time.GetTimestamp();
        foreach (var connection in _connections.Values)
        {
            if (_time.GetElapsedTime(connection.LastUsed, now) >= _options.SshControlPersist)
            {
                connection.CloseIfIdle();
            }
        }
    }

    private async Task<(SshClient Client, bool Reused)> ConnectAsync(Connection connection, TrainingTarget target, CancellationToken cancellationToken)
    {
        await connection.ConnectLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (connection.Client is { IsConnected: true } open)
            {
                return (open, true);
            }

            connection.Close();
            (connection.Client, connection.Key) = await OpenAsync(target, cancellationToken).ConfigureAwait(false);
            Interlocked.Increment(ref _connectionsOpened);
            return (connection.Client, false);
        }
        finally
        {
            connection.ConnectLock.Release();
        }
    }

    // A new, authenticated connection whose host key the known_hosts file vouches for.
    private static async Task<(SshClient Client, PrivateKeyFile Key)> OpenAsync(TrainingTarget target, CancellationToken cancellationToken)
    {
        KnownHosts pinned;
        try
        {
            pinned = KnownHosts.Load(target.KnownHostsFile!, target.Host!, target.Port);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw SshFailures.KnownHostsUnreadable(target, e);
        }

        var key = LoadKey(target);
        var info = new ConnectionInfo(target.Host!, target.Port, target.User!, new PrivateKeyAuthenticationMethod(target.User!, key))
        {
            Timeout = target.ConnectTimeout,
            ChannelCloseTimeout = TimeSpan.FromSeconds(5),
            // RetryAttempts stays SSH.NET's (10): sshd refuses a session past MaxSessions while
            // the channels of finished commands are still closing, and a new try succeeds.
            Encoding = Encoding.UTF8,
        };

        // Offer only the algorithms of the pinned key types, as OpenSSH prefers known ones: a
        // server with several host keys then shows the one that can be checked. (With none
        // pinned, the connection is made only to be refused, as OpenSSH does: a wrong port
        // then reports as refused or silent, not as a missing pin.)
        var allowed = pinned.KeyTypes.SelectMany(HostKeyAlgorithmsFor).ToHashSet(StringComparer.Ordinal);
        foreach (var name in info.HostKeyAlgorithms.Keys.Where(n => allowed.Count > 0 && !allowed.Contains(n)).ToList())
        {
            info.HostKeyAlgorithms.Remove(name);
        }

        HostKeyVerdict? verdict = null;
        var client = new SshClient(info) { KeepAliveInterval = KeepAliveInterval };
        client.HostKeyReceived += (_, e) =>
        {
            verdict = e.Certificate is null ? pinned.Check(e.HostKey) : HostKeyVerdict.Changed;
            e.CanTrust = verdict == HostKeyVerdict.Trusted;
        };

        using var connect = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        connect.CancelAfter(target.ConnectTimeout);
        try
        {
            await client.ConnectAsync(connect.Token).ConfigureAwait(false);
            return (client, key);
        }
        catch (Exception e)
        {
            client.Dispose();
            key.Dispose();
            throw e switch
            {
                OperationCanceledException when !cancellationToken.IsCancellationRequested => SshFailures.ConnectTimedOut(target, e),
                SshOperationTimeoutException => SshFailures.ConnectTimedOut(target, e),
                SshConnectionException when verdict == HostKeyVerdict.Changed => SshFailures.HostKeyChanged(target, e),
                SshConnectionException when verdict == HostKeyVerdict.NotPinned => SshFailures.HostKeyNotPinned(target, inner: e),
                SshConnectionException when verdict == HostKeyVerdict.Revoked => SshFailures.HostKeyRevoked(target, e),
                SshAuthenticationException => SshFailures.KeyRefused(target, SshFailures.Detail(e.Message), e),
                _ => e,
            };
        }
    }

    private static PrivateKeyFile LoadKey(TrainingTarget target)
    {
        try
        {
            return new PrivateKeyFile(target.IdentityFile!);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or SshException or ArgumentException or NotSupportedException or FormatException)
        {
            var reason = e is SshPassPhraseNullOrEmptyException ? "it is protected by a passphrase, which EdgeFlows does not use" : SshFailures.Detail(e.Message);
            throw SshFailures.KeyUnusable(target, reason, e);
        }
    }

    private static async Task<CommandResult> ExecuteAsync(SshClient client, string commandText, ReadOnlyMemory<byte> stdin, CancellationToken cancellationToken)
    {
        using var command = client.CreateCommand(commandText);
        var execution = command.ExecuteAsync(cancellationToken);
        var input = command.CreateInputStream();
        await using (input.ConfigureAwait(false))
        {
            if (!stdin.IsEmpty)
            {
                await input.WriteAsync(stdin, cancellationToken).ConfigureAwait(false);
            }
        }

        await execution.ConfigureAwait(false);
        var exitCode = command.ExitStatus ?? (command.ExitSignal is null ? -1 : 128 + SignalNumber(command.ExitSignal));
        return new CommandResult(exitCode, Bound(command.Result), Bound(command.Error));
    }

    private static string Bound(string text) => text.Length <= MaxCapturedChars ? text : text[..MaxCapturedChars];

    // RFC 4254 names signals without "SIG"; the numbers are Linux's, as the exit codes of a shell.
    private static int SignalNumber(string name) => name switch
    {
        "HUP" => 1,
        "INT" => 2,
        "QUIT" => 3,
        "ABRT" => 6,
        "KILL" => 9,
        "SEGV" => 11,
        "PIPE" => 13,
        "TERM" => 15,
        _ => 0,
    };

    // known_hosts names key types; RSA keys sign with any of three algorithms.
    private static IEnumerable<string> HostKeyAlgorithmsFor(string keyType) =>
        keyType == "ssh-rsa" ? ["rsa-sha2-512", "rsa-sha2-256", "ssh-rsa"] : [keyType];

    // SSH.NET's and the socket's failures, in the OpenSSH transport's words.
    private static TrainingTargetException Unreachable(TrainingTarget target, Exception e) => e switch
    {
        SocketException { SocketErrorCode: SocketError.ConnectionRefused } => SshFailures.Refused(target, e),
        SocketException { SocketErrorCode: SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain } => SshFailures.Unresolved(target, e),
        SocketException { SocketErrorCode: SocketError.HostUnreachable or SocketError.NetworkUnreachable } => SshFailures.Unreachable(target, SshFailures.Detail(e.Message), e),
        SocketException { SocketErrorCode: SocketError.TimedOut } or SshOperationTimeoutException => SshFailures.ConnectTimedOut(target, e),
        _ => SshFailures.Failed(target, SshFailures.Detail(e.Message), e),
    };

    // One kept connection to a target and the sessions it may carry at once.
    private sealed class Connection(int maxSessions)
    {
        public SemaphoreSlim Sessions { get; } = new(maxSessions);

        public SemaphoreSlim ConnectLock { get; } = new(1);

        public SshClient? Client { get; set; }

        public PrivateKeyFile? Key { get; set; }

        private int _active;
        private long _lastUsed;

        /// <summary>When the last command ended (a <see cref="TimeProvider"/> timestamp).</summary>
        public long LastUsed => Interlocked.Read(ref _lastUsed);

        public void Enter() => Interlocked.Increment(ref _active);

        public void Leave(long now)
        {
            Interlocked.Exchange(ref _lastUsed, now);
            Interlocked.Decrement(ref _active);
        }

        // Under the connect lock, so a command that entered after the check reconnects.
        public void CloseIfIdle()
        {
            if (Client is null || !ConnectLock.Wait(0))
            {
                return;
            }

            try
            {
                if (Volatile.Read(ref _active) == 0)
                {
                    Close();
                }
            }
            finally
            {
                ConnectLock.Release();
            }
        }

        public async Task DropAsync(SshClient dead)
        {
            await ConnectLock.WaitAsync().ConfigureAwait(false);
            try
            {
                if (ReferenceEquals(Client, dead))
                {
                    Close();
                }
            }
            finally
            {
                ConnectLock.Release();
            }
        }

        public void Close()
        {
            var (client, key) = (Client, Key);
            (Client, Key) = (null, null);
            try
            {
                client?.Dispose(); // disconnects
                key?.Dispose();
            }
            catch (Exception e) when (e is SshException or SocketException or ObjectDisposedException)
            {
                // Already gone.
            }
        }
    }
}
