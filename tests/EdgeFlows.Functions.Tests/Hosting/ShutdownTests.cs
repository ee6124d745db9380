using EdgeFlows.Durable;
using EdgeFlows.Durable.Client;
using EdgeFlows.Durable.History;
using EdgeFlows.Durable.Serialization;
using EdgeFlows.Durable.Stores.Sqlite;
using EdgeFlows.Functions.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace EdgeFlows.Functions.Tests.Hosting;

/// <summary>
/// Stopping the app while an activity runs: the activity either finishes within the
/// runtime's shutdown timeout and its result is committed, or it is cancelled and released
/// with nothing recorded; either way the next start finishes the run from there.
/// </summary>
public sealed class ShutdownTests
{
    [Fact]
    public async Task Stop_ActivityFinishesWithinTimeout_ResultCommittedAndNotRunAgain()
    {
        using var folder = new TempDirectory();
        var probe = new Probe(finishOnStop: true);
        string id;
        await using (var first = await StartAsync(folder, probe))
        {
            id = await first.Client.ScheduleNewOrchestrationInstanceAsync("TwoSteps");
            await probe.Started.Task.WaitAsync(Eventually.DefaultTimeout);
            await first.App.StopAsync();
        }

        var history = await ReadHistoryAsync(folder);
        await using var second = await StartAsync(folder, probe);
        var done = await second.Client.WaitForInstanceCompletionAsync(id);
        var finalHistory = await second.Client.GetHistoryAsync(id);

        Assert.DoesNotContain(history, e => e is TaskFailed);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.Status);
        Assert.Equal(1, probe.Runs);
        var slow = Assert.Single(finalHistory.OfType<TaskScheduled>(), e => e.Name == "SlowStep");
        Assert.Single(finalHistory.OfType<TaskCompleted>(), e => e.TaskScheduledId == slow.TaskId);
    }

    [Fact]
    public async Task Stop_ActivityOutlastsTimeout_ReleasedWithNothingRecordedAndRunAgain()
    {
        using var folder = new TempDirectory();
        var probe = new Probe(finishOnStop: false);
        string id;
        await using (var first = await StartAsync(folder, probe))
        {
            id = await first.Client.ScheduleNewOrchestrationInstanceAsync("TwoSteps");
            await probe.Started.Task.WaitAsync(Eventually.DefaultTimeout);
            await first.App.StopAsync();
        }

        var history = await ReadHistoryAsync(folder);
        await using var second = await StartAsync(folder, probe);
        var done = await second.Client.WaitForInstanceCompletionAsync(id);
        var finalHistory = await second.Client.GetHistoryAsync(id);

        Assert.Contains(history, e => e is TaskScheduled { Name: "SlowStep" });
        Assert.DoesNotContain(history, e => e is TaskCompleted or TaskFailed);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.Status);
        Assert.Equal(2, probe.Runs);
        Assert.DoesNotContain(finalHistory, e => e is TaskFailed);
        Assert.Equal("\"slow done, then Hello after!\"", done.Output);
    }

    [Fact]
    public async Task HostShutdownTimeout_FromConfiguration_IsTheHostsTimeout()
    {
        await using var app = await AppTestHost.StartAsync(settings: new Dictionary<string, string?> { ["EdgeFlows:Host:ShutdownTimeout"] = "00:01:10" });

        Assert.Equal(TimeSpan.FromSeconds(70), app.App.Services.GetRequiredService<IOptions<HostOptions>>().Value.ShutdownTimeout);
    }

    private static Task<AppTestHost> StartAsync(TempDirectory folder, Probe probe) => AppTestHost.StartAsync(
        runtime =>
        {
            Http.TestOrchestrations.Register(runtime);
            runtime.AddOrchestrator<TwoSteps>("TwoSteps");
            runtime.AddActivity<SlowStep>("SlowStep");
        },
        new Dictionary<string, string?> { ["EdgeFlows:Durable:ShutdownTimeout"] = "00:00:01" },
        builder => builder.Services.AddSingleton(probe),
        folder.Path);

    private static async Task<IReadOnlyList<HistoryEvent>> ReadHistoryAsync(TempDirectory folder)
    {
        await using var store = OpenStore(folder);
        var client = new DurableClient(store, new DataConverter(1024 * 1024), new Durable.Hosting.DurableRuntimeOptions());
        var instance = (await client.QueryInstancesAsync(new Durable.Stores.InstanceQuery(Name: "TwoSteps"))).Items.Single();
        return await client.GetHistoryAsync(instance.InstanceId);
    }

    private static SqliteOrchestrationStore OpenStore(TempDirectory folder) =>
        new(new SqliteStoreOptions { DataSource = Path.Combine(folder.Path, "data", "edgeflows.db") }, TimeProvider.System);

    /// <summary>Shared by both app instances of a test: counts runs of SlowStep and says when the first began.</summary>
    public sealed class Probe(bool finishOnStop)
    {
        private int _runs;

        public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool FinishOnStop { get; } = finishOnStop;

        public int Runs => Volatile.Read(ref _runs);

        public int Enter() => Interlocked.Increment(ref _runs);
    }

    public sealed class TwoSteps : TaskOrchestrator<string?, string>
    {
        public override async Task<string> RunAsync(OrchestrationContext context, string? input)
        {
            var slow = await context.CallActivityAsync<string>("SlowStep");
            var hello = await context.CallActivityAsync<string>("SayHello", "after");
            return $"{slow}, then {hello}";
        }
    }

    /// <summary>
    /// The first run blocks until the host stops; then it finishes (finishOnStop) or keeps
    /// waiting until the runtime cancels it. Later runs finish at once.
    /// </summary>
    public sealed class SlowStep(Probe probe, IHostApplicationLifetime lifetime) : TaskActivity<string?, string>
    {
        public override async Task<string> RunAsync(TaskActivityContext context, string? input, CancellationToken cancellationToken)
        {
            if (probe.Enter() > 1)
            {
                return "slow done";
            }

            probe.Started.TrySetResult();
            await Task.Delay(Timeout.Infinite, lifetime.ApplicationStopping).ContinueWith(_ => { }, TaskScheduler.Default);
            if (!probe.FinishOnStop)
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }

            await Task.Delay(200, CancellationToken.None);
            return "slow done";
        }
    }
}
