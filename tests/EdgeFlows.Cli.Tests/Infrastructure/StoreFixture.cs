// One real runtime host per test class, with the fake Retrain and a real model registry in
// the store's file: the CLI (--store) reads and writes that file while the host runs the
// work, as it does beside a running app.
using EdgeFlows.Activities.Models;
using EdgeFlows.Durable;
using EdgeFlows.Durable.Hosting;
using EdgeFlows.Durable.Stores.Sqlite;
using EdgeFlows.Durable.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace EdgeFlows.Cli.Tests.Infrastructure;

public sealed class StoreFixture : IAsyncLifetime
{
    private DurableTestHost? _host;

    public DurableTestHost Host => _host ?? throw new InvalidOperationException("The fixture is not started.");

    public string StorePath => Host.DatabasePath!;

    public IModelRegistry Models => Host.Services.GetRequiredService<IModelRegistry>();

    public async Task InitializeAsync()
    {
        _host = await DurableTestHost.StartAsync(Register, services: services => services.AddSqliteModelRegistry());

        // The worker creates the file as it starts; an app's store exists before the CLI is pointed at it.
        await _host.Store.InitializeAsync();
        await ((SqliteModelRegistry)Models).InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }

    /// <summary>The fake Retrain, its steps, and an orchestration that waits forever.</summary>
    public static void Register(DurableRuntimeBuilder runtime) => runtime
        .AddOrchestrator<FakeRetrain>("Retrain")
        .AddOrchestrator<WaitForever>()
        .AddActivity<EchoStep>("PlanRetrain")
        .AddActivity<EchoStep>("CheckCompute")
        .AddActivity<EchoStep>("StartTraining")
        .AddActivity<EchoStep>("GetTrainingStatus")
        .AddActivity<RegisterModelStep>("RegisterModel")
        .AddActivity<PushImageStep>("BuildAndPushImage")
        .AddActivity<SendWebhookStep>("SendWebhook");

    /// <summary>The CLI's arguments with <c>--store</c> pointing at this host's file.</summary>
    public string[] Args(params string[] args) => [.. args, "--store", StorePath];

    /// <summary>Runs the CLI on this store.</summary>
    public Task<CliResult> RunAsync(params string[] args) => CliRun.RunAsync(Args(args));

    /// <summary>A dataset name no other test uses.</summary>
    public static string NewDataset(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 9, 64)];

    public async Task<string> StartAndWaitAsync(string dataset, string? recipe = null)
    {
        var args = recipe is null ? Args("start", dataset, "--json") : Args("start", dataset, "--recipe", recipe, "--json");
        var started = await CliRun.RunAsync(args);
        Assert.True(started.ExitCode == 0, started.ToString());
        var id = started.Json()["instanceId"]!.GetValue<string>();
        await Host.WaitForCompletionAsync(id);
        return id;
    }
}

/// <summary>An orchestration that waits for an event that never comes (terminate, purge, timeout tests).</summary>
public sealed class WaitForever : TaskOrchestrator<string?, string>
{
    public override async Task<string> RunAsync(OrchestrationContext context, string? input)
    {
        context.SetCustomStatus(new FakeStatus("Waiting", Detail: "for the 'never' event"));
        return await context.WaitForExternalEvent<string>("never");
    }
}
