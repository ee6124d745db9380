// The state a DatasetWatcher carries from one execution to the next (continue-as-new): the
// changes not yet given to a run, and a short record of past runs. Pure functions only, so
// the orchestrator stays deterministic.
using System.Security.Cryptography;
using System.Text;

namespace EdgeFlows.Functions.Triggers.Blob;

/// <summary>A <see cref="DatasetWatcher"/>'s input and carried state.</summary>
/// <param name="Container">The container.</param>
/// <param name="Dataset">The dataset.</param>
/// <param name="Prefix">The dataset's blob prefix.</param>
/// <param name="Policy">The policy of the latest event; null before the first.</param>
/// <param name="Pending">New blob versions not yet given to a run, by name (at most the policy's MaxSnapshotBlobs).</param>
/// <param name="OmittedCount">New versions beyond the cap, counted but not listed.</param>
/// <param name="OmittedDigest">XOR of SHA-256 of "name\netag" of the omitted versions (hex), so the fingerprint still covers them.</param>
/// <param name="MarkerSeen">Whether the marker blob is among the pending changes.</param>
/// <param name="LastChangeAt">When the latest pending change arrived (orchestration time).</param>
/// <param name="Runs">Runs finished so far (completed or failed).</param>
/// <param name="FailedRuns">Runs that failed.</param>
/// <param name="LastRun">The latest run, if any.</param>
public sealed record DatasetWatcherState(
    string Container,
    string Dataset,
    string Prefix,
    DatasetTriggerPolicy? Policy,
    IReadOnlyList<BlobVersion> Pending,
    int OmittedCount,
    string? OmittedDigest,
    bool MarkerSeen,
    DateTime? LastChangeAt,
    int Runs,
    int FailedRuns,
    DatasetRunRecord? LastRun)
{
    /// <summary>The state of a watcher that has seen nothing yet.</summary>
    public static DatasetWatcherState Initial(string container, string dataset, string prefix) =>
        new(container, dataset, prefix, null, [], 0, null, false, null, 0, 0, null);

    /// <summary>True when changes wait for a run.</summary>
    public bool HasPending => Pending.Count > 0 || OmittedCount > 0;

    /// <summary>Adds an event's blobs: a later version of a pending name replaces it; names beyond the cap are only counted.</summary>
    public DatasetWatcherState Merge(BlobsChanged changed, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(changed);
        var policy = changed.Policy;
        var pending = Pending.ToDictionary(b => b.Name, StringComparer.Ordinal);
        var omitted = OmittedCount;
        var digest = OmittedDigest is null ? new byte[SHA256.HashSizeInBytes] : Convert.FromHexString(OmittedDigest);
        foreach (var blob in changed.Blobs)
        {
            if (pending.TryGetValue(blob.Name, out var known))
            {
                // Events can reach a new execution out of order; the newer write wins.
                pending[blob.Name] = blob.LastModified >= known.LastModified ? blob : known;
            }
            else if (pending.Count < policy.MaxSnapshotBlobs)
            {
                pending[blob.Name] = blob;
            }
            else
            {
                omitted++;
                var hash = SHA256.HashData(Encoding.UTF8.GetBytes(blob.Name + "\n" + blob.ETag));
                for (var i = 0; i < digest.Length; i++)
                {
                    digest[i] ^= hash[i];
                }
            }
        }

        return this with
        {
            Policy = policy,
            Pending = [.. pending.Values.OrderBy(b => b.Name, StringComparer.Ordinal)],
            OmittedCount = omitted,
            OmittedDigest = omitted == 0 ? null : Convert.ToHexStringLower(digest),
            MarkerSeen = MarkerSeen || changed.Blobs.Any(b => IsMarker(b.Name, policy.MarkerName)),
            LastChangeAt = now,
        };
    }

    /// <summary>Why the dataset is ready now ("marker" or "quiet-period"), or null when it is not.</summary>
    public string? ReadyReason(DateTime now)
    {
        if (!HasPending || Policy is not { } policy)
        {
            return null;
        }

        if (MarkerSeen && policy.Readiness is DatasetReadiness.Marker or DatasetReadiness.Either)
        {
            return "marker";
        }

        return policy.Readiness != DatasetReadiness.Marker && now >= QuietUntil ? "quiet-period" : null;
    }

    /// <summary>When the quiet period after the latest change ends; null when the policy has none.</summary>
    public DateTime? QuietUntil =>
        Policy is { Readiness: not DatasetReadiness.Marker } policy && LastChangeAt is { } last ? last + policy.QuietPeriod : null;

    /// <summary>The input of the next run.</summary>
    public DatasetSnapshot ToSnapshot(string reason) =>
        new(Dataset, Container, Prefix, Pending, Pending.Count + OmittedCount, Fingerprint(), "blob", reason);

    /// <summary>The state after a run: nothing pending, the run recorded.</summary>
    public DatasetWatcherState AfterRun(DatasetRunRecord run) =>
        this with
        {
            Pending = [],
            OmittedCount = 0,
            OmittedDigest = null,
            MarkerSeen = false,
            LastChangeAt = null,
            Runs = Runs + 1,
            FailedRuns = FailedRuns + (run.Succeeded ? 0 : 1),
            LastRun = run,
        };

    /// <summary>True when the blob's last path segment is the marker name.</summary>
    public static bool IsMarker(string blobName, string markerName)
    {
        ArgumentNullException.ThrowIfNull(blobName);
        var slash = blobName.LastIndexOf('/');
        return string.Equals(blobName[(slash + 1)..], markerName, StringComparison.Ordinal);
    }

    private string Fingerprint()
    {
        var text = new StringBuilder();
        foreach (var blob in Pending.OrderBy(b => b.Name, StringComparer.Ordinal))
        {
            text.Append(blob.Name).Append('\n').Append(blob.ETag).Append('\n');
        }

        if (OmittedCount > 0)
        {
            text.Append('+').Append(OmittedCount).Append(':').Append(OmittedDigest);
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }
}

/// <summary>One run a <see cref="DatasetWatcher"/> started.</summary>
/// <param name="InstanceId">The run's instance id.</param>
/// <param name="Orchestrator">The orchestration that ran.</param>
/// <param name="BlobCount">How many new versions it was given.</param>
/// <param name="Fingerprint">Their fingerprint.</param>
/// <param name="StartedAt">When it started.</param>
/// <param name="FinishedAt">When it ended.</param>
/// <param name="Succeeded">Whether it completed.</param>
/// <param name="Error">Its failure message when it failed.</param>
public sealed record DatasetRunRecord(
    string InstanceId,
    string Orchestrator,
    int BlobCount,
    string Fingerprint,
    DateTime StartedAt,
    DateTime FinishedAt,
    bool Succeeded,
    string? Error);
