// The pipeline host: the durable runtime on a SQLite file (synchronous FULL), the blob
// trigger, and the Retrain orchestration with its real activities, each wrapped in a
// PausingActivity. Configuration comes from the JSON file given with --settings (the same
// keys as host.json and app settings). It runs until killed.
//   EdgeFlows.Functions.PipelineHost --settings FILE [--pause-after STEP --pause-marker FILE]
using EdgeFlows.Durable.Hosting;
using EdgeFlows.Functions.Pipeline;
using EdgeFlows.Functions.PipelineHost;
using EdgeFlows.Functions.Triggers.Blob;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

string? Argument(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
var settings = Argument("--settings") ?? throw new ArgumentException("--settings FILE is required.");
var pauseAfter = Argument("--pause-after");
var pauseMarker = Argument("--pause-marker") ?? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(settings))!, "paused");

var builder = Host.CreateApplicationBuilder();
builder.Configuration.AddJsonFile(Path.GetFullPath(settings), optional: false);
builder.Logging.ClearProviders();
builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
builder.Logging.SetMinimumLevel(LogLevel.Information);
builder.Services.AddSingleton(new PausePoint(pauseAfter, pauseMarker));
builder.Services.AddRetrainPipelineServices(builder.Configuration);
builder.Services.AddDurableRuntime(
    runtime =>
    {
        runtime.AddOrchestrator<Retrain>(Retrain.Name);
        foreach (var (name, type) in RetrainPipelineServiceCollectionExtensions.Activities)
        {
            runtime.Services.AddTransient(type);
            runtime.Registry.AddActivity(typeof(PausingActivity<>).MakeGenericType(type), name);
        }

        runtime.AddBlobTrigger(builder.Configuration);
    },
    builder.Configuration);

using var host = builder.Build();
await host.StartAsync();
Progress.Write(Progress.Started, Environment.ProcessId);
await host.WaitForShutdownAsync();
