using EdgeFlows.Durable;
using EdgeFlows.Durable.Client;
using EdgeFlows.Durable.Hosting;
using EdgeFlows.Durable.Serialization;
using EdgeFlows.Durable.Stores;
using EdgeFlows.Functions.Tests.Infrastructure;
using EdgeFlows.Functions.Triggers.Timer;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EdgeFlows.Functions.Tests.Triggers.Timer;

/// <summary>
/// A real host: the durable worker on a SQLite file and the schedule trigger on a fake clock
/// (the runtime itself keeps real time). Several hosts can share one database file and clock.
/// </summary>
public sealed class ScheduleTestHost : IAsyncDisposable
{
    private readonly IHost _host;

    private ScheduleTestHost(IHost host, CapturingLoggerProvider logs)
    {
        _host = host;
        Logs = logs;
    }

    public DurableClient Client => _host.Services.GetRequiredService<DurableClient>();

    /// <summary>What the schedule trigger logged.</summary>
    public CapturingLoggerProvider Logs { get; }

    /// <summary>The orchestration the schedules run: it returns its dataset.</summary>
    public sealed class Retrain : TaskOrchestrator<ScheduledRun, string?>
    {
        public override Task<string?> RunAsync(OrchestrationContext context, ScheduledRun input) => Task.FromResult(input.Dataset);
    }

    /// <summary>Starts a host whose trigger runs <paramref name="schedule"/> on <paramref name="clock"/>.</summary>
    public static async Task<ScheduleTestHost> StartAsync(
        string databasePath,
        FakeTimeProvider clock,
        ScheduleOptions schedule,
        Action<IServiceCollection>? services = null)
    {
        var logs = new CapturingLoggerProvider(typeof(ScheduleTrigger).FullName!);
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Debug);
        builder.Logging.AddProvider(logs);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(10));
        builder.Services.AddKeyedSingleton<TimeProvider>(ScheduleTrigger.ClockServiceKey, clock);
        builder.Services.AddDurableRuntime(runtime =>
        {
            runtime.UseSqlite(o =>
            {
                o.DataSource = databasePath;
                o.Synchronous = "NORMAL";
            });
            runtime.AddOrchestrator<Retrain>(nameof(Retrain));
            runtime.AddScheduleTrigger(builder.Configuration, o =>
            {
                o.LateTolerance = TimeSpan.FromSeconds(1);
                o.RetryInterval = TimeSpan.FromMilliseconds(200);
                o.Schedules.Add(schedule);
            });
        });
        builder.Services.Configure<DurableRuntimeOptions>(o =>
        {
            o.MinPollInterval = TimeSpan.FromMilliseconds(10);
            o.MaxPollInterval = TimeSpan.FromMilliseconds(200);
            o.ShutdownTimeout = TimeSpan.FromSeconds(5);
        });
        services?.Invoke(builder.Services);
        var host = builder.Build();
        try
        {
            await host.StartAsync();
        }
        catch
        {
            host.Dispose();
            throw;
        }

        return new ScheduleTestHost(host, logs);
    }

    /// <summary>A schedule named "nightly" for dataset "sales" running <see cref="Retrain"/>.</summary>
    public static ScheduleOptions Schedule(string expression, MissedOccurrences missed = MissedOccurrences.RunOnce, bool skipIfUnchanged = false) => new()
    {
        Name = "nightly",
        Schedule = expression,
        Dataset = "sales",
        Orchestrator = nameof(Retrain),
        MissedOccurrences = missed,
        SkipIfUnchanged = skipIfUnchanged,
    };

    /// <summary>Every instance of <paramref name="orchestrator"/>, with its input, by occurrence.</summary>
    public async Task<IReadOnlyList<(OrchestrationInstance Instance, ScheduledRun Run)>> InstancesAsync(string orchestrator)
    {
        var runs = new List<(OrchestrationInstance, ScheduledRun)>();
        await foreach (var instance in Client.GetAllInstancesAsync(new InstanceQuery(Name: orchestrator, IncludePayloads: true)))
        {
            runs.Add((instance, DataConverter.Deserialize<ScheduledRun>(instance.Input, "run input")!));
        }

        return [.. runs.OrderBy(r => r.Item2.Occurrence)];
    }

    /// <summary>Waits until the instance exists and has finished.</summary>
    public async Task<OrchestrationInstance> WaitForCompletedAsync(string instanceId)
    {
        OrchestrationInstance? instance = null;
        await Eventually.TrueAsync(
            async () => (instance = await Client.GetInstanceAsync(instanceId)) is { Status: OrchestrationRuntimeStatus.Completed },
            $"instance {instanceId} to complete (it is {instance?.Status.ToString() ?? "missing"})");
        return instance!;
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}
