// Timings and file names the crash host and the tests that drive it share.
namespace EdgeFlows.Durable.CrashHost;

/// <summary>Settings of the crash host that its tests rely on.</summary>
public static class CrashHostSettings
{
    /// <summary>
    /// The activity lease (the shortest the runtime allows): an activity in flight when the
    /// host is killed is delivered again once it expires, so it bounds recovery time.
    /// </summary>
    public static readonly TimeSpan ActivityLease = TimeSpan.FromSeconds(3);

    /// <summary>The orchestration lease: a turn cut off by a kill runs again after this.</summary>
    public static readonly TimeSpan OrchestrationLease = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Deliveries before work is declared poison. The tests kill the host on purpose, often
    /// while the same item is in flight, so the runtime's default (5) would fail instances
    /// that did nothing wrong; poison handling has tests of its own.
    /// </summary>
    public const int MaxDeliveryCount = 1000;

    /// <summary>The orchestration's durable timer.</summary>
    public static readonly TimeSpan TimerDelay = TimeSpan.FromMilliseconds(200);

    /// <summary>The event an activity raises to the sub-orchestration.</summary>
    public const string GoEvent = "go";

    /// <summary>The at-least-once effects ledger (text, one line per execution of an activity).</summary>
    public const string EffectsLedgerFile = "effects.log";

    /// <summary>The idempotent ledger (SQLite: applied keys and the effects applied once).</summary>
    public const string AppliedLedgerFile = "applied.db";
}
