// Crash recovery with a real process: the crash host runs in a child process, is killed with
// SIGKILL at many points of a multi-step orchestration and started again until it finishes
// by itself. Then the store and the effect ledgers must show that every instance completed,
// no orchestrator decision was lost or duplicated, and every activity's effect happened at
// least once — and, through its idempotency key, was applied exactly once.
using System.Diagnostics;
using System.Text;
using EdgeFlows.Durable.Client;
using EdgeFlows.Durable.CrashHost;
using EdgeFlows.Durable.CrashHost.Effects;
using EdgeFlows.Durable.CrashHost.Orchestrations;
using EdgeFlows.Durable.Stores.Sqlite;
using Microsoft.Data.Sqlite;
using Xunit.Abstractions;

namespace EdgeFlows.Durable.Tests.CrashRecovery;

public sealed class CrashRecoveryTests(ITestOutputHelper output) : IDisposable
{
    // Fixed so a failure can be replayed: the kill points come from this seed.
    private const int Seed = 20_251_122;
    private const int Kills = 14;
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(90);

    // How late after a lease expired a restarted host may pick the work up: a generous bound
    // on start-up and one poll, far below what a stuck or forgotten item would take.
    private static readonly TimeSpan RecoveryAllowance = TimeSpan.FromSeconds(10);

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "edgeflows-crash", Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task CrashHost_KilledAtManyPointsAndRestarted_EveryInstanceCompletesOnceWithEffectsAppliedOnce()
    {
        var random = new Random(Seed);
        var run = new CrashRun(Stopwatch.StartNew());

        // Waves of 24 instances (11 activities each) until the host has been killed often
        // enough: a fast machine that finishes a wave between kills just gets another.
        var waves = new List<CrashHostArguments>();
        while (run.Kills < Kills)
        {
            var arguments = Arguments($"wave{waves.Count}", instances: 24, new CrashFlowInput(FanOut: 4, StepDelayMs: 5, FanOutDelayMs: 20));
            waves.Add(arguments);
            await RunToCompletionAsync(arguments, run, random);
        }

        output.WriteLine(run.Log.ToString());
        var audits = new List<HistoryAudit>();
        foreach (var wave in waves)
        {
            audits.AddRange(await AuditStoreAsync(wave));
        }

        var expectedKeys = audits.SelectMany(a => a.ActivityKeys).ToHashSet();
        var effects = EffectsLedger.Read(_directory);
        var applied = AppliedLedger.Read(_directory);

        var missing = expectedKeys.Except(effects.Select(e => e.IdempotencyKey)).ToList();
        var strangers = effects.Select(e => e.IdempotencyKey).Distinct().Except(expectedKeys).ToList();
        Assert.True(missing.Count == 0, $"Activities whose effect never happened: {string.Join(", ", missing)}");
        Assert.True(strangers.Count == 0, $"Effects of activity calls no history records (lost decisions): {string.Join(", ", strangers)}");
        var repeated = effects.GroupBy(e => e.IdempotencyKey).Count(g => g.Count() > 1);
        output.WriteLine(
            $"{expectedKeys.Count} activity calls; {effects.Count} executions in the at-least-once ledger, " +
            $"{repeated} calls ran more than once (redelivered after a kill), {run.AlreadyApplied} redeliveries found their effect " +
            $"already applied; hosts: {effects.Select(e => e.ProcessId).Distinct().Count()}.");

        var appliedTwice = applied.GroupBy(e => e.IdempotencyKey).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.True(appliedTwice.Count == 0, $"Effects applied more than once despite the idempotency key: {string.Join(", ", appliedTwice)}");
        Assert.True(expectedKeys.SetEquals(applied.Select(e => e.IdempotencyKey)), "The idempotent ledger does not hold exactly the activity calls of the histories.");
    }

    [Fact]
    public async Task CrashHost_KilledWhileActivitiesInFlight_RestartedHostRunsThemOnceTheirLeaseExpires()
    {
        // The fan-out's activities work 2 s each: the host is killed once all of them began.
        var input = new CrashFlowInput(FanOut: 4, StepDelayMs: 0, FanOutDelayMs: 2000);
        var arguments = Arguments("inflight", instances: 1, input);
        static bool FanOut(string[] line) => line[2].StartsWith("fan-", StringComparison.Ordinal);

        Dictionary<string, DateTime> leasedUntil;
        using (var first = CrashHostProcess.Start(arguments))
        {
            Assert.True(await first.WaitForLinesAsync(Progress.Begin, input.FanOut, TimeSpan.FromSeconds(30), FanOut), first.Tail());
            first.Kill();
            var killedAt = DateTime.UtcNow;

            // The calls the dead host held: leased to it, for at most one lease past the kill.
            leasedUntil = await ReadActivityLeasesAsync();
            Assert.NotEmpty(leasedUntil);
            Assert.All(leasedUntil.Values, until => Assert.InRange(until, killedAt - CrashHostSettings.ActivityLease, killedAt + CrashHostSettings.ActivityLease));
        }

        using var second = CrashHostProcess.Start(arguments);
        var exitCode = await second.WaitForExitAsync(TimeSpan.FromSeconds(60));
        Assert.True(exitCode == 0, $"The restarted host failed (exit {exitCode}).\n{second.Tail()}");

        // Each call left in flight ran again with the same key, as its second delivery, not
        // before its lease expired, and soon after: recovery is bounded by the lease.
        var redelivered = second.Output.Select(l => l.Split(' ')).Where(f => f[0] == Progress.Begin && FanOut(f)).ToList();
        Assert.Equal(leasedUntil.Keys.Order(), redelivered.Select(f => f[3]).Order());
        foreach (var line in redelivered)
        {
            var began = new DateTime(long.Parse(line[5], System.Globalization.CultureInfo.InvariantCulture), DateTimeKind.Utc);
            Assert.Equal("2", line[4]);
            Assert.True(began >= leasedUntil[line[3]], $"{line[3]} ran again at {began:O}, before its lease expired at {leasedUntil[line[3]]:O}.");
            Assert.True(began <= leasedUntil[line[3]] + RecoveryAllowance, $"{line[3]} ran again at {began:O}, long after its lease expired at {leasedUntil[line[3]]:O}.");
        }

        var expectedKeys = (await AuditStoreAsync(arguments)).SelectMany(a => a.ActivityKeys).ToHashSet();
        var applied = AppliedLedger.Read(_directory);
        Assert.True(expectedKeys.SetEquals(EffectsLedger.Read(_directory).Select(e => e.IdempotencyKey)), "The effects ledger does not hold every activity call.");
        Assert.True(expectedKeys.SetEquals(applied.Select(e => e.IdempotencyKey)), "The idempotent ledger does not hold every activity call.");
        Assert.Equal(applied.Count, expectedKeys.Count);
    }

    public void Dispose()
    {
        try
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // Left for the temp folder's own cleanup.
        }
    }

    private CrashHostArguments Arguments(string prefix, int instances, CrashFlowInput input) =>
        new(Path.Combine(_directory, "store.db"), _directory, instances, prefix, input);

    /// <summary>
    /// Starts the host, kills it at the next kill point, and again, until the run has its
    /// kills; then lets it finish and requires exit code 0.
    /// </summary>
    private static async Task RunToCompletionAsync(CrashHostArguments arguments, CrashRun run, Random random)
    {
        while (true)
        {
            var remaining = Budget - run.Clock.Elapsed;
            Assert.True(remaining > TimeSpan.Zero, $"The crash run took longer than {Budget}.\n{run.Log}\n{run.LastTail}");
            using var host = CrashHostProcess.Start(arguments);
            var point = run.Kills < Kills ? await ReachKillPointAsync(host, run.Kills, random, remaining) : null;
            if (point is not null)
            {
                host.Kill();
                run.Kills++;
                run.AlreadyApplied += host.Count(Progress.Step, f => f[^1] == Progress.AlreadyApplied);
                run.Log.AppendLine($"{arguments.Prefix}: kill {run.Kills} {point}, {host.Count(Progress.Step)} steps recorded");
                run.LastTail = host.Tail();
                continue;
            }

            var exitCode = await host.WaitForExitAsync(Budget - run.Clock.Elapsed);
            run.AlreadyApplied += host.Count(Progress.Step, f => f[^1] == Progress.AlreadyApplied);
            run.Log.AppendLine($"{arguments.Prefix}: exited {exitCode} after {host.Count(Progress.Step)} steps");
            Assert.True(exitCode == 0, $"The crash host failed (exit {exitCode}).\n{run.Log}\n{host.Tail()}");
            return;
        }
    }

    /// <summary>
    /// Waits for the next kill point, which varies by run: after K recorded steps, at a random
    /// time after start (often still starting up), or a random time after the first step.
    /// Null when the host finished first.
    /// </summary>
    private static async Task<string?> ReachKillPointAsync(CrashHostProcess host, int run, Random random, TimeSpan timeout)
    {
        switch (run % 3)
        {
            case 0:
                var steps = random.Next(1, 13);
                return await host.WaitForLinesAsync(Progress.Step, steps, timeout) ? $"after {steps} steps" : null;
            case 1:
                var sinceStart = random.Next(300, 2500);
                return await host.StaysAliveAsync(TimeSpan.FromMilliseconds(sinceStart)) ? $"{sinceStart} ms after start" : null;
            default:
                var sinceStep = random.Next(0, 300);
                return await host.WaitForLinesAsync(Progress.Step, 1, timeout) && await host.StaysAliveAsync(TimeSpan.FromMilliseconds(sinceStep))
                    ? $"{sinceStep} ms after its first step"
                    : null;
        }
    }

    /// <summary>Progress of a crash run across restarts.</summary>
    private sealed class CrashRun(Stopwatch clock)
    {
        public Stopwatch Clock { get; } = clock;

        public int Kills { get; set; }

        public int AlreadyApplied { get; set; }

        public StringBuilder Log { get; } = new();

        public string LastTail { get; set; } = string.Empty;
    }

    /// <summary>Checks every instance and its child in the store; returns their audits.</summary>
    private static async Task<List<HistoryAudit>> AuditStoreAsync(CrashHostArguments arguments)
    {
        await using var store = new SqliteOrchestrationStore(new SqliteStoreOptions { DataSource = arguments.Store });
        await store.InitializeAsync();
        var audits = new List<HistoryAudit>();
        foreach (var id in arguments.InstanceIds)
        {
            foreach (var (instanceId, expected, activities, timers, children) in new[]
            {
                (id, CrashFlow.ExpectedOutput(arguments.Input), CrashFlow.ActivityCount(arguments.Input), 1, 1),
                (CrashFlow.ChildId(id), CrashChild.ExpectedOutput, CrashChild.ActivityCount, 0, 0),
            })
            {
                var instance = await store.GetInstanceAsync(instanceId);
                Assert.True(instance is { Status: OrchestrationRuntimeStatus.Completed }, $"{instanceId} is {instance?.Status}: {instance?.Failure?.ErrorMessage}");
                Assert.Equal(expected, instance!.ReadOutputAs<string>());

                var audit = HistoryAudit.Of(instanceId, await store.GetHistoryAsync(instanceId));
                Assert.True(audit.Problems.Count == 0, $"The history of {instanceId} is malformed: {string.Join("; ", audit.Problems)}");
                Assert.Equal((activities, timers, children), (audit.ActivityTaskIds.Count, audit.Timers, audit.SubOrchestrations));
                audits.Add(audit);
            }

            Assert.True(audits[^1].EventsRaised >= 1, $"{audits[^1].InstanceId} completed without its event.");
        }

        return audits;
    }

    /// <summary>When each leased activity's lease ends, by idempotency key, read from the store file.</summary>
    private async Task<Dictionary<string, DateTime>> ReadActivityLeasesAsync()
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(_directory, "store.db")};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT instance_id, execution_id, task_id, lock_expires FROM activities WHERE lock_owner IS NOT NULL";
        await using var reader = await command.ExecuteReaderAsync();
        var leases = new Dictionary<string, DateTime>();
        while (await reader.ReadAsync())
        {
            leases[$"{reader.GetString(0)}/{reader.GetString(1)}/{reader.GetInt32(2)}"] = new DateTime(reader.GetInt64(3), DateTimeKind.Utc);
        }

        return leases;
    }
}
