// The "ssh" runner: jobs run on a VM reached with the OpenSSH client (what Ansible uses too;
// Ssh/SshTransport.cs) or, where there is none that can share connections (Windows), with
// SSH.NET in process (Ssh/ManagedSshTransport.cs). Both pin the host key the same way.
using EdgeFlows.Activities.Training.Ssh;
using EdgeFlows.Activities.Training.Transport;
using EdgeFlows.Activities.Training.Wrapper;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace EdgeFlows.Activities.Training;

/// <summary>
/// Runs training jobs on VMs over ssh: key authentication only, the host key pinned, one
/// shared connection per target. Needs Python 3 on the VM, and here either the OpenSSH client
/// or nothing (<see cref="TrainingRunnerOptions.SshClient"/>).
/// Dispose it to close the shared connections.
/// </summary>
public sealed class SshTrainingRunner : ITrainingRunner, IDisposable
{
    private readonly ITargetTransport _transport;
    private readonly JobWrapperClient _client;

    /// <summary>Creates the runner.</summary>
    public SshTrainingRunner(IOptions<TrainingRunnerOptions>? options = null, ILogger<SshTrainingRunner>? logger = null)
    {
        var settings = options?.Value ?? new TrainingRunnerOptions();
        var log = (ILogger?)logger ?? NullLogger.Instance;
        UsesManagedClient = settings.SshClient == SshClientKind.Managed || (settings.SshClient == SshClientKind.Auto && OperatingSystem.IsWindows());
        _transport = UsesManagedClient ? new ManagedSshTransport(settings, log) : new SshTransport(settings, log);
        _client = new JobWrapperClient(_transport, settings, log);
    }

    /// <inheritdoc />
    public string Kind => TrainingTargetKinds.Ssh;

    /// <summary>True when commands go through SSH.NET in this process, false when through the OpenSSH client.</summary>
    public bool UsesManagedClient { get; }

    internal ITargetTransport Transport => _transport;

    /// <inheritdoc />
    public Task<ComputeReport> ProbeAsync(TrainingTarget target, CancellationToken cancellationToken = default) =>
        _client.ProbeAsync(RequireSsh(target), cancellationToken);

    /// <inheritdoc />
    public Task<TrainingJobStatus> StartAsync(TrainingTarget target, TrainingJobSpec spec, CancellationToken cancellationToken = default) =>
        _client.StartAsync(RequireSsh(target), spec, cancellationToken);

    /// <inheritdoc />
    public Task<TrainingJobStatus> GetStatusAsync(TrainingTarget target, string jobId, CancellationToken cancellationToken = default) =>
        _client.GetStatusAsync(RequireSsh(target), jobId, cancellationToken);

    /// <inheritdoc />
    public Task<TrainingJobStatus> CancelAsync(TrainingTarget target, string jobId, CancellationToken cancellationToken = default) =>
        _client.CancelAsync(RequireSsh(target), jobId, cancellationToken);

    /// <summary>Closes the shared connections and removes their private folder.</summary>
    public void Dispose() => ((IDisposable)_transport).Dispose();

    private static TrainingTarget RequireSsh(TrainingTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        return target.IsSsh ? target : throw new ArgumentException(
            $"Training target '{target.Name}' has kind '{target.Kind}'; the ssh runner handles kind '{TrainingTargetKinds.Ssh}' only.", nameof(target));
    }
}
