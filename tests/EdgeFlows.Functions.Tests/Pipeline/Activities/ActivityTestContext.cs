using EdgeFlows.Durable;
using EdgeFlows.Functions.Pipeline;
using EdgeFlows.Functions.Pipeline.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace EdgeFlows.Functions.Tests.Pipeline.Activities;

/// <summary>What the pipeline's activities are built from, over Azurite, for calling them directly.</summary>
public sealed class ActivityTestContext
{
    public ActivityTestContext(Action<RetrainPipelineOptions>? configure = null)
    {
        Options = new RetrainPipelineOptions();
        Options.Storage.ConnectionString = Azurite.ConnectionString;
        Options.Targets["local"] = new TrainingTargetOptions { Kind = "local", WorkRoot = "/tmp/edgeflows-jobs" };
        Options.Recipes["default"] = new RecipeOptions { Command = ["python3", "-c", "print(1)"] };
        configure?.Invoke(Options);
        Storage = new RetrainStorage(Microsoft.Extensions.Options.Options.Create(Options), NullLoggerFactory.Instance);
        Redactor = SecretRedactor.For(Options);
    }

    public RetrainPipelineOptions Options { get; }

    public IOptions<RetrainPipelineOptions> Wrapped => Microsoft.Extensions.Options.Options.Create(Options);

    public RetrainStorage Storage { get; }

    public SecretRedactor Redactor { get; }

    public static TaskActivityContext Call(string name, string instanceId = "run-1") => new(name, instanceId, $"{instanceId}/e/0", 1, 1);
}
