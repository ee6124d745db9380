using EdgeFlows.Activities.Images;
using EdgeFlows.Activities.Models;
using EdgeFlows.Activities.Training;
using EdgeFlows.Activities.Webhooks;
using EdgeFlows.Durable.Hosting;
using EdgeFlows.Functions.Pipeline.Activities;
using EdgeFlows.Functions.Pipeline.Configuration;
using EdgeFlows.Functions.Triggers.Timer;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EdgeFlows.Functions.Pipeline;

/// <summary>Registers the retrain pipeline.</summary>
public static class RetrainPipelineServiceCollectionExtensions
{
    /// <summary>The configuration section of the training runners' settings (<see cref="TrainingRunnerOptions"/>).</summary>
    public const string RunnersSection = "EdgeFlows:Runners";

    /// <summary>The pipeline's activities: each step's registered name and its class.</summary>
    public static IReadOnlyList<(string Name, Type Type)> Activities { get; } =
    [
        (RetrainSteps.Plan, typeof(PlanRetrain)),
        (RetrainSteps.CheckCompute, typeof(CheckCompute)),
        (RetrainSteps.StartTraining, typeof(StartTraining)),
        (RetrainSteps.GetTrainingStatus, typeof(GetTrainingStatus)),
        (RetrainSteps.CancelTraining, typeof(CancelTraining)),
        (RetrainSteps.RegisterModel, typeof(RegisterModel)),
        (RetrainSteps.BuildAndPushImage, typeof(BuildAndPushImage)),
        (RetrainSteps.RejectModel, typeof(RejectModel)),
        (RetrainSteps.SendWebhook, typeof(SendWebhook)),
    ];

    /// <summary>
    /// Adds the <see cref="Retrain"/> orchestration and its <see cref="Activities"/>, with the
    /// services they use (<see cref="AddRetrainPipelineServices"/>).
    /// </summary>
    /// <param name="runtime">The durable runtime being configured (<c>AddDurableRuntime</c>).</param>
    /// <param name="configuration">The configuration root holding the <c>EdgeFlows</c> section.</param>
    /// <param name="configure">Changes applied after binding (tests, benchmarks).</param>
    public static DurableRuntimeBuilder AddRetrainPipeline(this DurableRuntimeBuilder runtime, IConfiguration configuration, Action<RetrainPipelineOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        runtime.Services.AddRetrainPipelineServices(configuration, configure);
        runtime.AddOrchestrator<Retrain>(Retrain.Name);

        // Terminating a run runs none of its code: this cancels the jobs of terminated runs.
        runtime.AddOrchestrator<CancelTerminatedRun>(CancelTerminatedRun.Name);
        runtime.Services.AddHostedService<TerminatedRunJobCanceller>();
        foreach (var (name, type) in Activities)
        {
            runtime.Registry.AddActivity(type, name);
            runtime.Services.TryAddTransient(type);
        }

        return runtime;
    }

    /// <summary>
    /// The services the pipeline's activities use: <see cref="RetrainPipelineOptions"/> bound
    /// from the <c>EdgeFlows</c> section and checked when the host starts (each error names its
    /// key), the storage client, the redactor, the model registry (the embedded one in the
    /// SQLite store's file, unless the host registered another first), the webhook sender, and the data fingerprints the schedule trigger's
    /// SkipIfUnchanged compares (<see cref="RetrainDataFingerprints"/>). For hosts that register the orchestration and
    /// activities themselves (a test host that wraps them).
    /// </summary>
    public static IServiceCollection AddRetrainPipelineServices(this IServiceCollection services, IConfiguration configuration, Action<RetrainPipelineOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var options = services.AddOptions<RetrainPipelineOptions>().Bind(configuration.GetSection(RetrainPipelineOptions.SectionName));
        if (configure is not null)
        {
            options.PostConfigure(configure);
        }

        services.AddSingleton<IValidateOptions<RetrainPipelineOptions>, RetrainPipelineOptionsValidator>();
        options.ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => SecretRedactor.For(sp.GetRequiredService<IOptions<RetrainPipelineOptions>>().Value));
        services.TryAddSingleton<RetrainStorage>();
        services.AddTrainingRunners();
        services.AddOptions<TrainingRunnerOptions>().Bind(configuration.GetSection(RunnersSection)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<TrainingRunnerOptions>, TrainingRunnerOptionsValidator>();
        services.AddSqliteModelRegistry();
        services.AddWebhookSender();
        services.TryAddSingleton(sp => new ModelImageBuilder(logger: sp.GetRequiredService<ILogger<ModelImageBuilder>>()));
        services.TryAddSingleton<RegistryClients>();

        // Added, not tried: whichever order the triggers are registered in, SkipIfUnchanged
        // then compares the blobs a run trains on with its promoted model's lineage.
        services.TryAddSingleton<RetrainDataFingerprints>();
        services.AddSingleton<IDatasetFingerprintSource>(sp => sp.GetRequiredService<RetrainDataFingerprints>());
        services.AddSingleton<IPromotedFingerprintSource>(sp => sp.GetRequiredService<RetrainDataFingerprints>());
        return services;
    }

    private sealed class TrainingRunnerOptionsValidator : IValidateOptions<TrainingRunnerOptions>
    {
        public ValidateOptionsResult Validate(string? name, TrainingRunnerOptions options)
        {
            var errors = options.Validate(RunnersSection);
            return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
        }
    }

    private sealed class RetrainPipelineOptionsValidator : IValidateOptions<RetrainPipelineOptions>
    {
        public ValidateOptionsResult Validate(string? name, RetrainPipelineOptions options)
        {
            var errors = options.Validate();
            return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
        }
    }
}
