using EdgeFlows.Durable.Client;
using EdgeFlows.Durable.History;
using EdgeFlows.Durable.Hosting;
using EdgeFlows.Durable.Stores;
using EdgeFlows.Durable.Stores.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EdgeFlows.Durable.Tests.Infrastructure;

/// <summary>
/// A real host running the durable worker on a SQLite store in a temporary folder, with
/// fast polling so tests run quickly.
/// </summary>
public sealed class DurableTestHost : IAsyncDisposable
{
    private readonly IHost _host;
    private readonly string? _directory;

    private DurableTestHost(IHost host, string? directory)
    {
        _host = host;
        _directory = directory;
    }

    public DurableClient Client => _host.Services.GetRequiredService<DurableClient>();

    public IOrchestrationStore Store => _host.Services.GetRequiredService<IOrchestrationStore>();

    public IServiceProvider Services => _host.Services;

    public string? DatabasePath { get; private init; }

    /// <summary>Starts a host; <paramref name="register"/> adds orchestrators and activities.</summary>
    public static async Task<DurableTestHost> StartAsync(
        Action<DurableRuntimeBuilder> register,
        Action<DurableRuntimeOptions>? configure = null,
        Action<IServiceCollection>? services = null,
        string? databasePath = null,
        bool startWorker = true,
        Action<DurableRuntimeBuilder>? useStore = null)
    {
        string? directory = null;
        if (databasePath is null)
        {
            directory = Path.Combine(Path.GetTempPath(), "edgeflows-tests", Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(directory);
            databasePath = Path.Combine(directory, "store.db");
        }

        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(10));
        builder.Services.AddDurableRuntime(runtime =>
        {
            runtime.RunWorker = startWorker;
            if (useStore is not null)
            {
                useStore(runtime); // another store than the SQLite file (DatabasePath is then unused)
            }
            else
            {
                runtime.UseSqlite(o =>
                {
                    o.DataSource = databasePath;
                    o.Synchronous = "NORMAL";
                });
            }

            register(runtime);
        });
        builder.Services.Configure<DurableRuntimeOptions>(o =>
        {
            o.MinPollInterval = TimeSpan.FromMilliseconds(10);
            o.MaxPollInterval = TimeSpan.FromMilliseconds(200);
            o.ShutdownTimeout = TimeSpan.FromSeconds(5);
            configure?.Invoke(o);
        });
        services?.Invoke(builder.Services);
        var host = builder.Build();
        await host.StartAsync();
        return new DurableTestHost(host, directory) { DatabasePath = databasePath };
    }

    /// <summary>Waits for the instance to finish, failing the test after <paramref name="timeout"/>.</summary>
    public async Task<OrchestrationInstance> WaitForCompletionAsync(string instanceId, TimeSpan? timeout = null)
    {
        using var cancellation = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        try
        {
            return await Client.WaitForInstanceCompletionAsync(instanceId, cancellation.Token);
        }
        catch (OperationCanceledException)
        {
            var instance = await Client.GetInstanceAsync(instanceId);
            throw new TimeoutException($"Instance {instanceId} did not finish in time; it is {instance?.Status}.");
        }
    }

    /// <summary>Waits until <paramref name="condition"/> holds for the instance.</summary>
    public async Task<OrchestrationInstance> WaitForAsync(string instanceId, Func<OrchestrationInstance, bool> condition, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var instance = await Client.GetInstanceAsync(instanceId);
            if (instance is not null && condition(instance))
            {
                return instance;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Instance {instanceId} did not reach the expected state; it is {instance?.Status}.");
            }

            await Task.Delay(10);
        }
    }

    /// <summary>Waits until the instance's history satisfies <paramref name="condition"/>.</summary>
    public async Task<IReadOnlyList<HistoryEvent>> WaitForHistoryAsync(string instanceId, Func<IReadOnlyList<HistoryEvent>, bool> condition, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var history = await Client.GetHistoryAsync(instanceId);
            if (condition(history))
            {
                return history;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The history of {instanceId} did not reach the expected state; it has {string.Join(", ", history.Select(e => e.EventType))}.");
            }

            await Task.Delay(10);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
        if (_directory is not null)
        {
            try
            {
                Directory.Delete(_directory, recursive: true);
            }
            catch (IOException)
            {
                // A file still open on a slow shutdown; the temp folder is cleaned later.
            }
        }
    }
}
