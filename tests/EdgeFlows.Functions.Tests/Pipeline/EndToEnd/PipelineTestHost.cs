// The whole pipeline in this process, as the app composes it: the durable runtime on a SQLite
// file, the blob trigger and the Retrain orchestration with its real activities, configured by
// a PipelineEnvironment's settings. Every log line (all categories, Trace and up) is kept, so
// tests can look for secrets in them.
using EdgeFlows.Durable;
using EdgeFlows.Durable.Client;
using EdgeFlows.Durable.Hosting;
using EdgeFlows.Durable.Serialization;
using EdgeFlows.Durable.Stores;
using EdgeFlows.Functions.Pipeline;
using EdgeFlows.Functions.Tests.Infrastructure;
using EdgeFlows.Functions.Triggers.Blob;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EdgeFlows.Functions.Tests.Pipeline.EndToEnd;

public sealed class PipelineTestHost : IAsyncDisposable
{
    private readonly IHost _host;

    private PipelineTestHost(IHost host, LogCapture logs)
    {
        _host = host;
        Logs = logs;
    }

    public DurableClient Client => _host.Services.GetRequiredService<DurableClient>();

    public IServiceProvider Services => _host.Services;

    public LogCapture Logs { get; }

    public static async Task<PipelineTestHost> StartAsync(PipelineEnvironment environment, bool blobTrigger = true)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(environment.Settings);
        var logs = new LogCapture();
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Trace);
        builder.Logging.AddProvider(logs);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(10));
        builder.Services.AddDurableRuntime(
            runtime =>
            {
                runtime.AddRetrainPipeline(builder.Configuration);
                if (blobTrigger)
                {
                    runtime.AddBlobTrigger(builder.Configuration);
                }
            },
            builder.Configuration);
        var host = builder.Build();
        await host.StartAsync();
        return new PipelineTestHost(host, logs);
    }

    /// <summary>Waits until a Retrain run exists and has finished; returns it.</summary>
    public async Task<OrchestrationInstance> WaitForRetrainAsync(TimeSpan? timeout = null)
    {
        OrchestrationInstance? run = null;
        await Infrastructure.Eventually.TrueAsync(
            async () =>
            {
                await foreach (var instance in Client.GetAllInstancesAsync(new InstanceQuery(Name: Retrain.Name, IncludePayloads: true)))
                {
                    if (instance.Status is OrchestrationRuntimeStatus.Completed or OrchestrationRuntimeStatus.Failed or OrchestrationRuntimeStatus.Terminated)
                    {
                        run = instance;
                        return true;
                    }
                }

                return false;
            },
            "a finished Retrain run",
            timeout ?? TimeSpan.FromMinutes(2));
        return run!;
    }

    /// <summary>Starts a run directly and waits until it finishes.</summary>
    public async Task<OrchestrationInstance> RunAsync(RetrainRequest request, TimeSpan? timeout = null)
    {
        var id = await Client.ScheduleNewOrchestrationInstanceAsync(Retrain.Name, request);
        using var cancellation = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(2));
        try
        {
            return await Client.WaitForInstanceCompletionAsync(id, cancellation.Token);
        }
        catch (OperationCanceledException)
        {
            var instance = await Client.GetInstanceAsync(id);
            throw new TimeoutException($"Run {id} did not finish; it is {instance?.Status}, status {instance?.CustomStatus}.");
        }
    }

    public static RetrainResult ResultOf(OrchestrationInstance instance)
    {
        Assert.True(instance.Status == OrchestrationRuntimeStatus.Completed, $"The run is {instance.Status}: {instance.Failure} (status {instance.CustomStatus})");
        return DataConverter.Deserialize<RetrainResult>(instance.Output, "run output")!;
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}
