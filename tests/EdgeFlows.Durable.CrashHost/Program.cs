// The crash host: a real durable host on a SQLite file (synchronous FULL) that starts the
// instances its command line names and exits 0 once all have completed. The crash-recovery
// tests kill it with SIGKILL at many points and start it again until it gets there.
using EdgeFlows.Durable;
using EdgeFlows.Durable.Client;
using EdgeFlows.Durable.CrashHost;
using EdgeFlows.Durable.CrashHost.Activities;
using EdgeFlows.Durable.CrashHost.Effects;
using EdgeFlows.Durable.CrashHost.Orchestrations;
using EdgeFlows.Durable.Hosting;
using EdgeFlows.Durable.Stores;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

var arguments = CrashHostArguments.Parse(args);
Directory.CreateDirectory(arguments.LedgerDirectory);

var builder = Host.CreateApplicationBuilder();
builder.Logging.ClearProviders();
builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.Services.AddSingleton(new EffectsLedger(arguments.LedgerDirectory));
builder.Services.AddSingleton(new AppliedLedger(arguments.LedgerDirectory));
builder.Services.AddDurableRuntime(runtime => runtime
    .AddOrchestrator<CrashFlow>()
    .AddOrchestrator<CrashChild>()
    .AddActivity<EffectStep>()
    .AddActivity<RaiseGo>()
    .UseSqlite(o =>
    {
        o.DataSource = arguments.Store;
        o.Synchronous = "FULL";
    }));
builder.Services.Configure<DurableRuntimeOptions>(o =>
{
    o.ActivityLease = CrashHostSettings.ActivityLease;
    o.OrchestrationLease = CrashHostSettings.OrchestrationLease;
    o.MaxDeliveryCount = CrashHostSettings.MaxDeliveryCount;
    o.MinPollInterval = TimeSpan.FromMilliseconds(10);
    o.MaxPollInterval = TimeSpan.FromMilliseconds(100);
    o.ShutdownTimeout = TimeSpan.FromSeconds(5);
});

using var host = builder.Build();
await host.StartAsync();
Progress.Write(Progress.Started, Environment.ProcessId);

var client = host.Services.GetRequiredService<DurableClient>();
foreach (var id in arguments.InstanceIds)
{
    await client.ScheduleNewOrchestrationInstanceAsync(
        nameof(CrashFlow), arguments.Input, new StartOrchestrationOptions(id, ReusePolicy: OrchestrationIdReusePolicy.SkipIfExists));
}

var finished = new List<OrchestrationInstance>();
foreach (var id in arguments.InstanceIds)
{
    finished.Add(await client.WaitForInstanceCompletionAsync(id));
}

await host.StopAsync();
var failed = finished.Where(i => i.Status != OrchestrationRuntimeStatus.Completed).ToList();
foreach (var instance in failed)
{
    Progress.Write(Progress.Failed, instance.InstanceId, instance.Status, instance.Failure?.ErrorMessage ?? string.Empty);
}

if (failed.Count > 0)
{
    return 3;
}

Progress.Write(Progress.Done, finished.Count);
return 0;
