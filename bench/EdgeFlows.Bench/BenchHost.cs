// One run's host: a real generic host (Host.CreateApplicationBuilder + AddDurableRuntime)
// with the runtime's default options, on a fresh store: a SQLite file in a temporary folder
// with synchronous FULL (every commit durable across power loss), or a schema of its own on
// the PostgreSQL server named by EDGEFLOWS_BENCH_POSTGRES (BenchStores). Options may still
// come from configuration (EdgeFlows__Durable__* environment variables), as in production;
// the store's location and its durability are fixed. Folder and schema go on dispose.
using System.Diagnostics;
using EdgeFlows.Bench.Measurement;
using EdgeFlows.Bench.Scenarios;
using EdgeFlows.Durable;
using EdgeFlows.Durable.Client;
using EdgeFlows.Durable.Hosting;
using EdgeFlows.Durable.Stores;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EdgeFlows.Bench;

/// <summary>A started host with the durable worker, its client, and the observed store.</summary>
internal sealed class BenchHost : IAsyncDisposable
{
    private const int WarmUpRounds = 4;
    private const int WarmUpCalls = 100;
    private static readonly TimeSpan WarmUpPause = TimeSpan.FromMilliseconds(500);

    private readonly IHost _host;
    private readonly string _directory;
    private readonly BenchStores.Location _location;

    private BenchHost(IHost host, string directory, BenchStores.Location location, BenchSettings settings)
    {
        _host = host;
        _directory = directory;
        _location = location;
        Settings = settings;
        Store = (ObservedStore)host.Services.GetRequiredService<IOrchestrationStore>();
        Client = host.Services.GetRequiredService<DurableClient>();
    }

    public BenchSettings Settings { get; }

    public ObservedStore Store { get; }

    public DurableClient Client { get; }

    /// <summary>
    /// Starts a host with <paramref name="register"/>'s orchestrators and activities (and the
    /// no-op activity). With <paramref name="warmUp"/>, warm-up orchestrations run first so
    /// that JIT compilation of the runtime is not measured.
    /// </summary>
    public static async Task<BenchHost> StartAsync(BenchSettings settings, Action<DurableRuntimeBuilder> register, bool warmUp, CancellationToken cancellationToken)
    {
        var directory = Path.Combine(Path.GetTempPath(), "edgeflows-bench", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var location = await BenchStores.CreateAsync(settings.Store, directory, cancellationToken);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddDurableRuntime(
            runtime =>
            {
                runtime.UseStore(sp => new ObservedStore(location.Open(sp.GetRequiredService<TimeProvider>())));
                runtime.AddActivity<NoOpActivity>().AddOrchestrator<WarmUpOrchestrator>();
                register(runtime);
            },
            builder.Configuration);
        var host = builder.Build();
        var bench = new BenchHost(host, directory, location, settings);
        try
        {
            await host.StartAsync(cancellationToken);
            if (warmUp)
            {
                await bench.WarmUpAsync(cancellationToken);
            }
        }
        catch
        {
            await bench.DisposeAsync();
            throw;
        }

        return bench;
    }

    /// <summary>
    /// Runs the hot paths in several rounds with pauses, so tiered compilation reaches its final,
    /// optimized code before the clock starts: call counting begins only after a quiet moment,
    /// and a hot method is compiled twice more (instrumented, then optimized). With fewer
    /// rounds, JIT work showed up as a third of a 1,000-step sequence's CPU time.
    /// </summary>
    private async Task WarmUpAsync(CancellationToken cancellationToken)
    {
        for (var round = 0; round < WarmUpRounds; round++)
        {
            await RunAllAsync(nameof(WarmUpOrchestrator), [WarmUpCalls], cancellationToken);
            await Task.Delay(WarmUpPause, cancellationToken);
        }

        Store.Profile.Reset();
    }

    /// <summary>
    /// Starts one orchestration per input, all at once, and waits until every one has
    /// committed its completion. Returns the time from the first start to the last commit.
    /// </summary>
    /// <exception cref="BenchmarkFailedException">An instance did not complete, or the run timed out.</exception>
    public async Task<TimeSpan> RunAllAsync<TInput>(string orchestrator, IReadOnlyList<TInput> inputs, CancellationToken cancellationToken)
    {
        var ids = inputs.Select(_ => Guid.NewGuid().ToString("N")).ToList();
        var finished = ids.Select(Store.WhenFinished).ToList();
        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(ids.Select((id, i) =>
            Client.ScheduleNewOrchestrationInstanceAsync(orchestrator, inputs[i], new StartOrchestrationOptions(id), cancellationToken)));
        var results = await WithinTimeoutAsync(Task.WhenAll(finished), $"{ids.Count} {orchestrator} orchestration(s)", cancellationToken);
        var last = results.Max(r => r.Timestamp);
        await EnsureCompletedAsync(results, cancellationToken);
        return Stopwatch.GetElapsedTime(started, last);
    }

    /// <summary>Waits for <paramref name="task"/> up to the run's timeout.</summary>
    /// <exception cref="BenchmarkFailedException">The timeout passed first.</exception>
    public async Task<T> WithinTimeoutAsync<T>(Task<T> task, string what, CancellationToken cancellationToken)
    {
        try
        {
            return await task.WaitAsync(Settings.Timeout, cancellationToken);
        }
        catch (TimeoutException ex)
        {
            throw new BenchmarkFailedException($"{what} did not finish within {Settings.Timeout.TotalSeconds:0} s (--timeout).", ex);
        }
    }

    /// <summary>Fails the run when any instance ended other than Completed, naming the first failure.</summary>
    public async Task EnsureCompletedAsync(IEnumerable<FinishedInstance> results, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(results);
        var failed = results.FirstOrDefault(r => r.Status != OrchestrationRuntimeStatus.Completed);
        if (failed is not null)
        {
            var instance = await Client.GetInstanceAsync(failed.InstanceId, cancellationToken: cancellationToken);
            throw new BenchmarkFailedException(
                $"Instance {failed.InstanceId} ended {failed.Status}: {instance?.Failure?.ErrorType}: {instance?.Failure?.ErrorMessage}");
        }
    }

    /// <summary>Prints the store profile to stderr when --profile asked for it.</summary>
    public void ReportProfile(long activities, ResourceMeter meter)
    {
        ArgumentNullException.ThrowIfNull(meter);
        if (Settings.Profile)
        {
            Console.Error.Write(Store.Profile.Format(activities));
            Console.Error.WriteLine(meter.FormatGarbageCollection(activities));
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _host.StopAsync();
        }
        finally
        {
            await ((IAsyncDisposable)_host).DisposeAsync();
            await _location.DeleteAsync();
            DeleteDirectory();
        }
    }

    private void DeleteDirectory()
    {
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException ex)
        {
            // A file still open after a slow shutdown: say so rather than leave litter silently.
            Console.Error.WriteLine($"Could not delete {_directory}: {ex.Message}");
        }
    }
}
