using System.Text.Json.Nodes;
using EdgeFlows.Activities.Models;
using EdgeFlows.Cli.Runs;

namespace EdgeFlows.Cli.Backends;

/// <summary>
/// What the commands need from EdgeFlows, whether they reach it through the store file
/// (<see cref="Local.LocalBackend"/>) or the app's HTTP API (<see cref="Remote.RemoteBackend"/>).
/// Both answer alike; failures are <see cref="CliException"/>s carrying the exit code
/// (not found, conflict, unavailable) and a message that names the instance or model.
/// </summary>
public interface IEdgeFlowsBackend : IAsyncDisposable
{
    /// <summary>Starts a Retrain run (with a request id: finds the run that request id started).</summary>
    Task<StartedRun> StartRetrainAsync(RetrainStart request, CancellationToken cancellationToken);

    /// <summary>A run's status, with its history when <paramref name="includeHistory"/>; null when there is no such instance.</summary>
    Task<RunStatus?> GetRunAsync(string instanceId, bool includeHistory, CancellationToken cancellationToken);

    /// <summary>One page of Retrain runs, newest first; fewer than <paramref name="pageSize"/> (even none) with a token when a dataset filter skipped many.</summary>
    Task<RunPage> ListRunsAsync(RunFilter filter, int pageSize, string? continuationToken, CancellationToken cancellationToken);

    /// <summary>Sends an event to a running instance.</summary>
    Task RaiseEventAsync(string instanceId, string eventName, JsonNode? data, CancellationToken cancellationToken);

    /// <summary>Terminates a running instance.</summary>
    Task TerminateAsync(string instanceId, string? reason, CancellationToken cancellationToken);

    /// <summary>Deletes a finished instance and its history.</summary>
    Task PurgeAsync(string instanceId, CancellationToken cancellationToken);

    /// <summary>Deletes the finished instances matching the filter; returns how many.</summary>
    Task<int> PurgeManyAsync(PurgeRequest request, CancellationToken cancellationToken);

    /// <summary>One page of model versions.</summary>
    Task<ModelVersionPage> ListModelsAsync(ModelFilter filter, int pageSize, string? continuationToken, CancellationToken cancellationToken);

    /// <summary>A model version, or null when there is none.</summary>
    Task<ModelVersion?> GetModelAsync(string name, int version, CancellationToken cancellationToken);
}
