namespace EdgeFlows.Functions.Triggers.Blob;

/// <summary>
/// What a <see cref="DatasetWatcher"/> does with its dataset's changes. It travels with every
/// <see cref="BlobsChanged"/> event, so a configuration change applies from the next event on.
/// </summary>
/// <param name="Orchestrator">The orchestration to run when the dataset is ready.</param>
/// <param name="Readiness">When the dataset is ready.</param>
/// <param name="QuietPeriod">How long without new blobs makes the dataset ready (QuietPeriod, Either).</param>
/// <param name="MarkerName">The last path segment of the marker blob (Marker, Either).</param>
/// <param name="MaxSnapshotBlobs">Most blobs listed one by one in a run's snapshot; more are counted and fingerprinted only.</param>
public sealed record DatasetTriggerPolicy(
    string Orchestrator,
    DatasetReadiness Readiness,
    TimeSpan QuietPeriod,
    string MarkerName,
    int MaxSnapshotBlobs);
