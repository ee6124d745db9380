namespace EdgeFlows.Functions.Triggers.Blob;

/// <summary>A <see cref="DatasetWatcher"/>'s custom status, as clients see it.</summary>
/// <param name="State">"idle" (nothing pending), "collecting" (waiting for the dataset to be ready) or "running".</param>
/// <param name="Pending">New blob versions waiting for a run.</param>
/// <param name="MarkerSeen">Whether the marker is among them.</param>
/// <param name="QuietUntil">When the quiet period ends, if one applies.</param>
/// <param name="Running">The instance id of the run in progress.</param>
/// <param name="Runs">Runs finished so far (completed or failed).</param>
/// <param name="FailedRuns">Runs that failed.</param>
/// <param name="LastRun">The latest finished run.</param>
public sealed record DatasetWatcherStatus(
    string State,
    int Pending,
    bool MarkerSeen,
    DateTime? QuietUntil,
    string? Running,
    int Runs,
    int FailedRuns,
    DatasetRunRecord? LastRun)
{
    /// <summary>The status for a state, with the run in progress if any.</summary>
    public static DatasetWatcherStatus From(DatasetWatcherState state, string? running)
    {
        ArgumentNullException.ThrowIfNull(state);
        var name = running is not null ? "running" : state.HasPending ? "collecting" : "idle";
        return new(name, state.Pending.Count + state.OmittedCount, state.MarkerSeen, state.HasPending ? state.QuietUntil : null, running, state.Runs, state.FailedRuns, state.LastRun);
    }
}
