// The schedule trigger on a fake clock over the real runtime and SQLite store: each
// occurrence starts one run under its occurrence id, across hosts and restarts; missed
// occurrences follow the configured policy; SkipIfUnchanged compares fingerprints.
using System.Globalization;
using EdgeFlows.Durable;
using EdgeFlows.Functions.Tests.Infrastructure;
using EdgeFlows.Functions.Triggers.Timer;
using Microsoft.Extensions.DependencyInjection;

namespace EdgeFlows.Functions.Tests.Triggers.Timer;

public sealed class ScheduleTriggerTests
{
    private const string Hourly = "0 0 * * * *";
    private static readonly DateTimeOffset Start = At("2025-01-01T09:59:30Z");

    [Fact]
    public async Task ScheduleTrigger_OccurrenceComes_StartsOneRunUnderTheOccurrenceId()
    {
        using var directory = new TempDirectory();
        var clock = new FakeTimeProvider(Start);
        await using var host = await ScheduleTestHost.StartAsync(directory.File("store.db"), clock, ScheduleTestHost.Schedule(Hourly));

        await AdvanceToAsync(clock, At("2025-01-01T10:00:00Z"), timers: 1);

        var instance = await host.WaitForCompletedAsync("schedule:nightly:sales:20250101T100000Z");
        Assert.Equal(nameof(ScheduleTestHost.Retrain), instance.Name);
        var run = Assert.Single(await host.InstancesAsync(nameof(ScheduleTestHost.Retrain))).Run;
        Assert.Equal(new ScheduledRun("sales", "nightly", At("2025-01-01T10:00:00Z").UtcDateTime, ScheduledRun.OnTime), run);
        Assert.Equal("schedule", run.Trigger);
    }

    [Fact]
    public async Task ScheduleTrigger_BerlinSpringForwardNight_RunsTheMissingTwoThirtyAtThreeThirtyCest()
    {
        using var directory = new TempDirectory();
        var clock = new FakeTimeProvider(At("2025-03-30T00:00:00Z"));
        var schedule = ScheduleTestHost.Schedule("0 30 2 * * *");
        schedule.TimeZone = "Europe/Berlin";
        await using var host = await ScheduleTestHost.StartAsync(directory.File("store.db"), clock, schedule);

        await AdvanceToAsync(clock, At("2025-03-30T03:30:00+02:00"), timers: 1);

        var run = await host.WaitForCompletedAsync("schedule:nightly:sales:20250330T013000Z");
        Assert.Equal(nameof(ScheduleTestHost.Retrain), run.Name);
    }

    [Fact]
    public async Task ScheduleTrigger_HostHeldUpPastSeveralOccurrences_RunsOnlyTheLatestAndLogsTheOthers()
    {
        using var directory = new TempDirectory();
        var clock = new FakeTimeProvider(Start);
        await using var host = await ScheduleTestHost.StartAsync(directory.File("store.db"), clock, ScheduleTestHost.Schedule(Hourly));

        await AdvanceToAsync(clock, At("2025-01-01T12:00:30Z"), timers: 1);

        await host.WaitForCompletedAsync("schedule:nightly:sales:20250101T120000Z");
        Assert.Single(await host.InstancesAsync(nameof(ScheduleTestHost.Retrain)));
        var behind = Assert.Single(host.Logs.Messages, m => m.Contains("fell behind", StringComparison.Ordinal));
        Assert.Contains("2 occurrences passed before it woke (2025-01-01T10:00:00.0000000+00:00, 2025-01-01T11:00:00.0000000+00:00)", behind, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ScheduleTrigger_TwoHostsOnOneStore_StartOneRunPerOccurrence()
    {
        using var directory = new TempDirectory();
        var clock = new FakeTimeProvider(Start);
        await using var first = await ScheduleTestHost.StartAsync(directory.File("store.db"), clock, ScheduleTestHost.Schedule(Hourly));
        await using var second = await ScheduleTestHost.StartAsync(directory.File("store.db"), clock, ScheduleTestHost.Schedule(Hourly));

        await AdvanceToAsync(clock, At("2025-01-01T10:00:00Z"), timers: 2);
        await first.WaitForCompletedAsync("schedule:nightly:sales:20250101T100000Z");
        await AdvanceToAsync(clock, At("2025-01-01T11:00:00Z"), timers: 2);
        await first.WaitForCompletedAsync("schedule:nightly:sales:20250101T110000Z");

        // Both hosts have handled the 11:00 occurrence once they wait for 12:00.
        await Eventually.TrueAsync(() => clock.PendingTimers >= 2, "both hosts to wait for the next occurrence");
        var runs = await second.InstancesAsync(nameof(ScheduleTestHost.Retrain));
        Assert.Equal(
            ["schedule:nightly:sales:20250101T100000Z", "schedule:nightly:sales:20250101T110000Z"],
            runs.Select(r => r.Instance.InstanceId));

        // Each occurrence is reported started once, by the host that created it.
        var started = first.Logs.Messages.Concat(second.Logs.Messages)
            .Where(m => m.Contains(": started Retrain for the occurrence", StringComparison.Ordinal))
            .ToList();
        Assert.Single(started, m => m.Contains("20250101T100000Z", StringComparison.Ordinal));
        Assert.Single(started, m => m.Contains("20250101T110000Z", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ScheduleTrigger_RestartAfterThreeMissedWithRunOnce_RunsTheLatestOnceAndLogsTheMissed()
    {
        using var directory = new TempDirectory();
        var clock = new FakeTimeProvider(Start);
        await RunFirstOccurrenceAsync(directory, clock, MissedOccurrences.RunOnce);
        clock.SetUtcNow(At("2025-01-01T13:30:00Z"));

        await using var restarted = await ScheduleTestHost.StartAsync(directory.File("store.db"), clock, ScheduleTestHost.Schedule(Hourly, MissedOccurrences.RunOnce));

        var latest = await restarted.WaitForCompletedAsync("schedule:nightly:sales:20250101T130000Z");
        var runs = await restarted.InstancesAsync(nameof(ScheduleTestHost.Retrain));
        Assert.Equal(["schedule:nightly:sales:20250101T100000Z", "schedule:nightly:sales:20250101T130000Z"], runs.Select(r => r.Instance.InstanceId));
        Assert.Equal(ScheduledRun.Missed, runs[1].Run.Reason);
        var missed = Assert.Single(restarted.Logs.Messages, m => m.Contains("occurrences were missed", StringComparison.Ordinal));
        Assert.Contains("3 occurrences were missed", missed, StringComparison.Ordinal);
        Assert.Contains("2025-01-01T11:00:00.0000000+00:00, 2025-01-01T12:00:00.0000000+00:00, 2025-01-01T13:00:00.0000000+00:00", missed, StringComparison.Ordinal);
        Assert.Contains("running the latest, 2025-01-01T13:00:00.0000000+00:00, once", missed, StringComparison.Ordinal);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, latest.Status);
    }

    [Fact]
    public async Task ScheduleTrigger_RestartAfterThreeMissedWithSkip_StartsNoneAndLogsTheMissed()
    {
        using var directory = new TempDirectory();
        var clock = new FakeTimeProvider(Start);
        await RunFirstOccurrenceAsync(directory, clock, MissedOccurrences.Skip);
        clock.SetUtcNow(At("2025-01-01T13:30:00Z"));

        await using var restarted = await ScheduleTestHost.StartAsync(directory.File("store.db"), clock, ScheduleTestHost.Schedule(Hourly, MissedOccurrences.Skip));

        // The skip is recorded under the latest occurrence's id, so the next start knows how far the schedule got.
        var record = await restarted.WaitForCompletedAsync("schedule:nightly:sales:20250101T130000Z");
        Assert.Equal(ScheduledRunSkipped.Name, record.Name);
        Assert.Single(await restarted.InstancesAsync(nameof(ScheduleTestHost.Retrain)));
        var missed = Assert.Single(restarted.Logs.Messages, m => m.Contains("occurrences were missed", StringComparison.Ordinal));
        Assert.Contains("3 occurrences were missed", missed, StringComparison.Ordinal);
        Assert.Contains("2025-01-01T11:00:00.0000000+00:00, 2025-01-01T12:00:00.0000000+00:00, 2025-01-01T13:00:00.0000000+00:00", missed, StringComparison.Ordinal);
        Assert.Contains("none of them runs (MissedOccurrences = Skip)", missed, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ScheduleTrigger_SecondRestartAfterSkip_ReportsNothingMissedAgain()
    {
        using var directory = new TempDirectory();
        var clock = new FakeTimeProvider(Start);
        await RunFirstOccurrenceAsync(directory, clock, MissedOccurrences.Skip);
        clock.SetUtcNow(At("2025-01-01T13:30:00Z"));
        await using (var restarted = await ScheduleTestHost.StartAsync(directory.File("store.db"), clock, ScheduleTestHost.Schedule(Hourly, MissedOccurrences.Skip)))
        {
            await restarted.WaitForCompletedAsync("schedule:nightly:sales:20250101T130000Z");
        }

        clock.Advance(TimeSpan.FromMinutes(10));
        await using var again = await ScheduleTestHost.StartAsync(directory.File("store.db"), clock, ScheduleTestHost.Schedule(Hourly, MissedOccurrences.Skip));
        await Eventually.TrueAsync(() => clock.PendingTimers >= 1, "the schedule to wait for 14:00");

        Assert.DoesNotContain(again.Logs.Messages, m => m.Contains("missed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ScheduleTrigger_FirstStartWithEmptyStore_CountsNothingAsMissed()
    {
        using var directory = new TempDirectory();
        var clock = new FakeTimeProvider(At("2025-01-01T13:30:00Z"));

        await using var host = await ScheduleTestHost.StartAsync(directory.File("store.db"), clock, ScheduleTestHost.Schedule(Hourly));
        await Eventually.TrueAsync(() => clock.PendingTimers >= 1, "the schedule to wait for 14:00");

        Assert.Empty(await host.InstancesAsync(nameof(ScheduleTestHost.Retrain)));
        Assert.Contains(host.Logs.Messages, m => m.Contains("first start", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ScheduleTrigger_SkipIfUnchangedAndFingerprintIsThePromotedOne_SkipsTheRun()
    {
        using var directory = new TempDirectory();
        var clock = new FakeTimeProvider(Start);
        await using var host = await ScheduleTestHost.StartAsync(
            directory.File("store.db"), clock, ScheduleTestHost.Schedule(Hourly, skipIfUnchanged: true), Fingerprints("abc123", "ABC123"));

        await AdvanceToAsync(clock, At("2025-01-01T10:00:00Z"), timers: 1);

        var record = await host.WaitForCompletedAsync("schedule:nightly:sales:20250101T100000Z");
        Assert.Equal(ScheduledRunSkipped.Name, record.Name);
        Assert.Empty(await host.InstancesAsync(nameof(ScheduleTestHost.Retrain)));
        Assert.Contains(host.Logs.Messages, m => m.Contains("the data fingerprint abc123 is that of the promoted model", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ScheduleTrigger_SkipIfUnchangedAndDataChanged_RunsIt()
    {
        using var directory = new TempDirectory();
        var clock = new FakeTimeProvider(Start);
        await using var host = await ScheduleTestHost.StartAsync(
            directory.File("store.db"), clock, ScheduleTestHost.Schedule(Hourly, skipIfUnchanged: true), Fingerprints("new-data", "old-data"));

        await AdvanceToAsync(clock, At("2025-01-01T10:00:00Z"), timers: 1);

        var run = await host.WaitForCompletedAsync("schedule:nightly:sales:20250101T100000Z");
        Assert.Equal(nameof(ScheduleTestHost.Retrain), run.Name);
    }

    [Fact]
    public async Task ScheduleTrigger_SkipIfUnchangedWithNoPromotedModel_RunsIt()
    {
        using var directory = new TempDirectory();
        var clock = new FakeTimeProvider(Start);
        await using var host = await ScheduleTestHost.StartAsync(
            directory.File("store.db"), clock, ScheduleTestHost.Schedule(Hourly, skipIfUnchanged: true), Fingerprints("abc123", null));

        await AdvanceToAsync(clock, At("2025-01-01T10:00:00Z"), timers: 1);

        var run = await host.WaitForCompletedAsync("schedule:nightly:sales:20250101T100000Z");
        Assert.Equal(nameof(ScheduleTestHost.Retrain), run.Name);
    }

    [Fact]
    public async Task StartAsync_SkipIfUnchangedWithoutPromotedFingerprints_FailsNamingTheKey()
    {
        using var directory = new TempDirectory();
        var clock = new FakeTimeProvider(Start);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            ScheduleTestHost.StartAsync(directory.File("store.db"), clock, ScheduleTestHost.Schedule(Hourly, skipIfUnchanged: true)));

        Assert.Contains("EdgeFlows:Schedules:0:SkipIfUnchanged is set, but no IPromotedFingerprintSource", error.Message, StringComparison.Ordinal);
    }

    private static async Task RunFirstOccurrenceAsync(TempDirectory directory, FakeTimeProvider clock, MissedOccurrences missed)
    {
        await using var host = await ScheduleTestHost.StartAsync(directory.File("store.db"), clock, ScheduleTestHost.Schedule(Hourly, missed));
        await AdvanceToAsync(clock, At("2025-01-01T10:00:00Z"), timers: 1);
        await host.WaitForCompletedAsync("schedule:nightly:sales:20250101T100000Z");
    }

    // Waits until the schedules wait on the clock (so none misses the move), then moves it.
    private static async Task AdvanceToAsync(FakeTimeProvider clock, DateTimeOffset to, int timers)
    {
        await Eventually.TrueAsync(() => clock.PendingTimers >= timers, $"{timers} schedules to wait for their next occurrence");
        clock.SetUtcNow(to);
    }

    private static Action<IServiceCollection> Fingerprints(string? current, string? promoted) => services =>
    {
        services.AddSingleton<IDatasetFingerprintSource>(new FixedFingerprints(current));
        services.AddSingleton<IPromotedFingerprintSource>(new FixedFingerprints(promoted));
    };

    private static DateTimeOffset At(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture);

    private sealed class FixedFingerprints(string? fingerprint) : IDatasetFingerprintSource, IPromotedFingerprintSource
    {
        public Task<string?> GetFingerprintAsync(string dataset, CancellationToken cancellationToken = default) => Task.FromResult(fingerprint);

        public Task<string?> GetPromotedFingerprintAsync(string dataset, CancellationToken cancellationToken = default) => Task.FromResult(fingerprint);
    }
}
