// The "local" runner: jobs run as processes on the host EdgeFlows runs on (the embedded
// default), through the same job wrapper as on a VM, so they behave the same: detached,
// with their state in a job folder under the target's WorkRoot.
using EdgeFlows.Activities.Training.Transport;
using EdgeFlows.Activities.Training.Wrapper;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace EdgeFlows.Activities.Training;

/// <summary>Runs training jobs on this host. Needs Python 3 here (the target's <see cref="TrainingTarget.Python"/>).</summary>
public sealed class LocalTrainingRunner : ITrainingRunner
{
    private readonly JobWrapperClient _client;

    /// <summary>Creates the runner.</summary>
    public LocalTrainingRunner(IOptions<TrainingRunnerOptions>? options = null, ILogger<LocalTrainingRunner>? logger = null) =>
        _client = new JobWrapperClient(new LocalTransport(), options?.Value ?? new TrainingRunnerOptions(), (ILogger?)logger ?? NullLogger.Instance);

    /// <inheritdoc />
    public string Kind => TrainingTargetKinds.Local;

    /// <inheritdoc />
    public Task<ComputeReport> ProbeAsync(TrainingTarget target, CancellationToken cancellationToken = default) =>
        _client.ProbeAsync(target, cancellationToken);

    /// <inheritdoc />
    public Task<TrainingJobStatus> StartAsync(TrainingTarget target, TrainingJobSpec spec, CancellationToken cancellationToken = default) =>
        _client.StartAsync(target, spec, cancellationToken);

    /// <inheritdoc />
    public Task<TrainingJobStatus> GetStatusAsync(TrainingTarget target, string jobId, CancellationToken cancellationToken = default) =>
        _client.GetStatusAsync(target, jobId, cancellationToken);

    /// <inheritdoc />
    public Task<TrainingJobStatus> CancelAsync(TrainingTarget target, string jobId, CancellationToken cancellationToken = default) =>
        _client.CancelAsync(target, jobId, cancellationToken);
}
