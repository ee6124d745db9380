using System.Security.Cryptography;
using System.Text;
using EdgeFlows.Activities.Webhooks;

namespace EdgeFlows.Functions.Pipeline;

/// <summary>
/// Ids derived from a run (its instance and execution), so they are the same on every replay,
/// retry and redelivery: a second start of the job finds the first, and a repeated webhook
/// delivery (after a crash, say) carries the same event id for receivers to drop.
/// </summary>
public static class RetrainIds
{
    /// <summary>The event id of a run's event of this kind (<see cref="CloudEvent.StableId"/>: <c>evt_</c> + 32 hex digits).</summary>
    public static string EventId(string instanceId, string executionId, string kind) => CloudEvent.StableId(instanceId, executionId, kind);

    /// <summary>
    /// The training job id of a run: <c>retrain-{dataset}-{16 hex digits}</c>. Safe in paths
    /// and command lines (the dataset name is <c>[A-Za-z0-9._-]</c>, and the id never starts
    /// with '-').
    /// </summary>
    public static string JobId(string dataset, string instanceId, string executionId) =>
        $"retrain-{dataset}-{Hash($"{instanceId}\n{executionId}")[..16]}";

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
