using EdgeFlows.Durable;
using EdgeFlows.Durable.Client;
using EdgeFlows.Durable.Hosting;
using EdgeFlows.Durable.Serialization;
using EdgeFlows.Durable.Stores;
using EdgeFlows.Functions.Triggers.Blob;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EdgeFlows.Functions.Tests.Infrastructure;

/// <summary>
/// A real host: the durable worker on a SQLite file and the blob trigger polling Azurite
/// every 100 ms. Several hosts can share one database file, as several app instances would.
/// </summary>
public sealed class TriggerTestHost : IAsyncDisposable
{
    private readonly IHost _host;
    private readonly string? _ownDirectory;

    private TriggerTestHost(IHost host, string databasePath, string? ownDirectory, RecordingObserver observer)
    {
        _host = host;
        Observer = observer;
        DatabasePath = databasePath;
        _ownDirectory = ownDirectory;
    }

    public DurableClient Client => _host.Services.GetRequiredService<DurableClient>();

    public IOrchestrationStore Store => _host.Services.GetRequiredService<IOrchestrationStore>();

    public RecordingObserver Observer { get; }

    public string DatabasePath { get; }

    /// <summary>Starts a host; <paramref name="watches"/> adds the watches, <paramref name="register"/> the target orchestrations.</summary>
    public static async Task<TriggerTestHost> StartAsync(
        Action<BlobTriggerOptions> watches,
        Action<DurableRuntimeBuilder> register,
        string? databasePath = null)
    {
        string? ownDirectory = null;
        if (databasePath is null)
        {
            ownDirectory = Path.Combine(Path.GetTempPath(), "edgeflows-tests", Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(ownDirectory);
            databasePath = Path.Combine(ownDirectory, "store.db");
        }

        var observer = new RecordingObserver();
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(10));
        builder.Services.AddSingleton<IBlobTriggerObserver>(observer);
        builder.Services.AddDurableRuntime(runtime =>
        {
            runtime.UseSqlite(o =>
            {
                o.DataSource = databasePath;
                o.Synchronous = "NORMAL";
            });
            register(runtime);
            runtime.AddBlobTrigger(builder.Configuration, o =>
            {
                o.PollInterval = TimeSpan.FromMilliseconds(100);
                o.MaxPollInterval = TimeSpan.FromMilliseconds(400);
                o.RequestTimeout = TimeSpan.FromSeconds(10);
                o.MaxRetries = 0;
                watches(o);
            });
        });
        builder.Services.Configure<DurableRuntimeOptions>(o =>
        {
            o.MinPollInterval = TimeSpan.FromMilliseconds(10);
            o.MaxPollInterval = TimeSpan.FromMilliseconds(200);
            o.ShutdownTimeout = TimeSpan.FromSeconds(5);
        });
        var host = builder.Build();
        try
        {
            await host.StartAsync();
        }
        catch
        {
            host.Dispose();
            if (ownDirectory is not null)
            {
                TempDirectory.TryDelete(ownDirectory);
            }

            throw;
        }

        return new TriggerTestHost(host, databasePath, ownDirectory, observer);
    }

    /// <summary>A watch of <paramref name="container"/> with the default pattern, running <paramref name="orchestrator"/>.</summary>
    public static BlobWatchOptions Watch(string container, string orchestrator, DatasetReadiness readiness, TimeSpan? quietPeriod = null) => new()
    {
        ConnectionString = Azurite.ConnectionString,
        Container = container,
        Orchestrator = orchestrator,
        Readiness = readiness,
        QuietPeriod = quietPeriod ?? TimeSpan.FromMinutes(10),
    };

    /// <summary>The runs of <paramref name="orchestrator"/> so far, oldest first, with their inputs.</summary>
    public async Task<IReadOnlyList<(OrchestrationInstance Instance, DatasetSnapshot Snapshot)>> RunsAsync(string orchestrator)
    {
        var runs = new List<(OrchestrationInstance, DatasetSnapshot)>();
        await foreach (var instance in Client.GetAllInstancesAsync(new InstanceQuery(Name: orchestrator, IncludePayloads: true)))
        {
            runs.Add((instance, DataConverter.Deserialize<DatasetSnapshot>(instance.Input, "run input")!));
        }

        return [.. runs.OrderBy(r => r.Item1.CreatedAt)];
    }

    /// <summary>Waits until <paramref name="orchestrator"/> has <paramref name="count"/> completed runs, and returns all its runs.</summary>
    public async Task<IReadOnlyList<(OrchestrationInstance Instance, DatasetSnapshot Snapshot)>> WaitForCompletedRunsAsync(string orchestrator, int count)
    {
        IReadOnlyList<(OrchestrationInstance Instance, DatasetSnapshot Snapshot)> runs = [];
        try
        {
            await Eventually.TrueAsync(
                async () => (runs = await RunsAsync(orchestrator)).Count(r => r.Instance.Status == OrchestrationRuntimeStatus.Completed) >= count,
                $"{count} completed runs of {orchestrator}");
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException($"{ex.Message} Instances: {await DescribeInstancesAsync()}", ex);
        }

        return runs;
    }

    /// <summary>Every instance with its status, custom status and failure, for failure messages.</summary>
    public async Task<string> DescribeInstancesAsync()
    {
        var lines = new List<string>();
        await foreach (var i in Client.GetAllInstancesAsync(new InstanceQuery(IncludePayloads: true)))
        {
            var history = await Client.GetHistoryAsync(i.InstanceId);
            lines.Add($"{i.InstanceId} {i.Name} {i.Status} {i.CustomStatus} {i.Failure?.ErrorMessage} history: {string.Join(", ", history.Select(e => e.EventType))}");
        }

        return lines.Count == 0 ? "none" : Environment.NewLine + string.Join(Environment.NewLine, lines);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
        if (_ownDirectory is not null)
        {
            TempDirectory.TryDelete(_ownDirectory);
        }
    }
}
