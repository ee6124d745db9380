namespace EdgeFlows.Durable.Hosting;

/// <summary>
/// How the runtime dispatches work (section <c>EdgeFlows:Durable</c>). Defaults suit one
/// host on a small VM; every value is documented with its default.
/// </summary>
public sealed class DurableRuntimeOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "EdgeFlows:Durable";

    /// <summary>This host's name in leases; default machine name + process id + a random suffix.</summary>
    public string WorkerId { get; set; } = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..6]}";

    /// <summary>
    /// Orchestration turns in flight at once (default 16 × processors). A turn takes little
    /// CPU and mostly waits for its commit; many in flight let one commit carry many turns.
    /// </summary>
    public int MaxConcurrentOrchestrations { get; set; } = Environment.ProcessorCount * 16;

    /// <summary>Activities run at once (default 32 × processors, as activities mostly wait on I/O).</summary>
    public int MaxConcurrentActivities { get; set; } = Environment.ProcessorCount * 32;

    /// <summary>How long a lease on orchestration work lasts (default 30 s). A turn takes milliseconds.</summary>
    public TimeSpan OrchestrationLease { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a lease on an activity lasts before it is renewed (default 60 s; renewed at a third of it).</summary>
    public TimeSpan ActivityLease { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Shortest wait between polls when idle (default 50 ms); the wait doubles up to <see cref="MaxPollInterval"/>.</summary>
    public TimeSpan MinPollInterval { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>Longest wait between polls when idle (default 1 s). Work created on this host wakes it at once.</summary>
    public TimeSpan MaxPollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Deliveries of one work item without a commit (host crash, lost lease) before it is
    /// declared poison (default 5): an activity then fails, an orchestration fails its instance.
    /// </summary>
    public int MaxDeliveryCount { get; set; } = 5;

    /// <summary>Largest serialized input, output, event payload or custom status (default 1 MiB).</summary>
    public long MaxPayloadBytes { get; set; } = 1024 * 1024;

    /// <summary>
    /// Orchestration states kept in memory between turns (default 10,000; least recently used
    /// evicted; 0 turns caching off). An evicted state is rebuilt by replaying its history.
    /// </summary>
    public int OrchestrationCacheSize { get; set; } = 10_000;

    /// <summary>How long shutdown waits for running activities before abandoning them (default 30 s).</summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Finished instances deleted per transaction by a bulk purge (default 500).</summary>
    public int PurgeBatchSize { get; set; } = 500;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        Require(!string.IsNullOrWhiteSpace(WorkerId), nameof(WorkerId), "must not be empty");
        Require(MaxConcurrentOrchestrations >= 1, nameof(MaxConcurrentOrchestrations), "must be at least 1");
        Require(MaxConcurrentActivities >= 1, nameof(MaxConcurrentActivities), "must be at least 1");
        Require(OrchestrationLease >= TimeSpan.FromSeconds(1), nameof(OrchestrationLease), "must be at least 1 second");
        Require(ActivityLease >= TimeSpan.FromSeconds(3), nameof(ActivityLease), "must be at least 3 seconds");
        Require(MinPollInterval > TimeSpan.Zero, nameof(MinPollInterval), "must be positive");
        Require(MaxPollInterval >= MinPollInterval, nameof(MaxPollInterval), "must not be shorter than MinPollInterval");
        Require(MaxDeliveryCount >= 1, nameof(MaxDeliveryCount), "must be at least 1");
        Require(MaxPayloadBytes >= 1024, nameof(MaxPayloadBytes), "must be at least 1024");
        Require(OrchestrationCacheSize >= 0, nameof(OrchestrationCacheSize), "must not be negative");
        Require(PurgeBatchSize >= 1, nameof(PurgeBatchSize), "must be at least 1");
    }

    private static void Require(bool condition, string key, string problem)
    {
        if (!condition)
        {
            throw new ArgumentException($"{SectionName}:{key} {problem}.", key);
        }
    }
}
