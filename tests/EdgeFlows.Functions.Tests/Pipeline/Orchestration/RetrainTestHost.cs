using EdgeFlows.Durable;
using EdgeFlows.Durable.Client;
using EdgeFlows.Durable.History;
using EdgeFlows.Durable.Hosting;
using EdgeFlows.Durable.Serialization;
using EdgeFlows.Durable.Stores;
using EdgeFlows.Functions.Pipeline;
using EdgeFlows.Functions.Pipeline.Configuration;
using EdgeFlows.Functions.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EdgeFlows.Functions.Tests.Pipeline.Orchestration;

/// <summary>A real durable host running the Retrain orchestration over <see cref="FakePipeline"/>'s activities.</summary>
public sealed class RetrainTestHost : IAsyncDisposable
{
    private readonly IHost _host;
    private readonly TempDirectory _directory;

    private RetrainTestHost(IHost host, TempDirectory directory, FakePipeline fake)
    {
        _host = host;
        _directory = directory;
        Fake = fake;
    }

    public FakePipeline Fake { get; }

    public DurableClient Client => _host.Services.GetRequiredService<DurableClient>();

    public static async Task<RetrainTestHost> StartAsync(FakePipeline fake, Action<RetrainPipelineOptions>? options = null)
    {
        var directory = new TempDirectory();
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(fake);
        builder.Services.Configure<RetrainPipelineOptions>(o =>
        {
            o.Retrain.Retry.Plan.FirstRetryInterval = TimeSpan.FromMilliseconds(10);
            o.Retrain.Retry.SendWebhook.FirstRetryInterval = TimeSpan.FromMilliseconds(10);
            options?.Invoke(o);
        });
        builder.Services.AddDurableRuntime(runtime => runtime
            .UseSqlite(o =>
            {
                o.DataSource = directory.File("store.db");
                o.Synchronous = "NORMAL";
            })
            .AddOrchestrator<Retrain>(Retrain.Name)
            .AddActivity<FakePlanRetrain>(RetrainSteps.Plan)
            .AddActivity<FakeCheckCompute>(RetrainSteps.CheckCompute)
            .AddActivity<FakeStartTraining>(RetrainSteps.StartTraining)
            .AddActivity<FakeJobActivity>(RetrainSteps.GetTrainingStatus)
            .AddActivity<FakeJobActivity>(RetrainSteps.CancelTraining)
            .AddActivity<FakeRegisterModel>(RetrainSteps.RegisterModel)
            .AddActivity<FakeBuildAndPushImage>(RetrainSteps.BuildAndPushImage)
            .AddActivity<FakeRejectModel>(RetrainSteps.RejectModel)
            .AddActivity<FakeSendWebhook>(RetrainSteps.SendWebhook));
        builder.Services.Configure<DurableRuntimeOptions>(o =>
        {
            o.MinPollInterval = TimeSpan.FromMilliseconds(10);
            o.MaxPollInterval = TimeSpan.FromMilliseconds(100);
            o.ShutdownTimeout = TimeSpan.FromSeconds(5);
        });
        var host = builder.Build();
        await host.StartAsync();
        return new RetrainTestHost(host, directory, fake);
    }

    /// <summary>Starts a run and waits until it finishes.</summary>
    public async Task<OrchestrationInstance> RunAsync(object? request = null, string? instanceId = null)
    {
        var id = await Client.ScheduleNewOrchestrationInstanceAsync(
            Retrain.Name, request ?? new RetrainRequest { Dataset = "iris" }, new StartOrchestrationOptions(instanceId));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            return await Client.WaitForInstanceCompletionAsync(id, timeout.Token);
        }
        catch (OperationCanceledException)
        {
            var instance = await Client.GetInstanceAsync(id);
            throw new TimeoutException($"Run {id} did not finish; it is {instance?.Status} with status {instance?.CustomStatus}.");
        }
    }

    public Task<IReadOnlyList<HistoryEvent>> HistoryAsync(string instanceId) => Client.GetHistoryAsync(instanceId);

    public static RetrainResult ResultOf(OrchestrationInstance instance)
    {
        Assert.True(instance.Status == OrchestrationRuntimeStatus.Completed, $"The run is {instance.Status}: {instance.Failure}");
        return DataConverter.Deserialize<RetrainResult>(instance.Output, "run output")!;
    }

    public static RetrainStatus StatusOf(OrchestrationInstance instance) => DataConverter.Deserialize<RetrainStatus>(instance.CustomStatus, "custom status")!;

    public static string FailureOf(OrchestrationInstance instance)
    {
        Assert.True(instance.Status == OrchestrationRuntimeStatus.Failed, $"The run is {instance.Status}, not Failed.");
        return instance.Failure!.ErrorMessage;
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
        _directory.Dispose();
    }
}
