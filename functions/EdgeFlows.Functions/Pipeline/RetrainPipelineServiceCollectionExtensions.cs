using EdgeFlows.Activities.Models;
using EdgeFlows.Activities.Webhooks;
using EdgeFlows.Durable.Hosting;
using EdgeFlows.Functions.Pipeline.Activities;
using EdgeFlows.Functions.Pipeline.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace EdgeFlows.Functions.Pipeline;

/// <summary>Registers the retrain pipeline.</summary>
public static class RetrainPipelineServiceCollectionExtensions
{
    /// <summary>
    /// Adds the <see cref="Retrain"/> orchestration and its activities, with
    /// <see cref="RetrainPipelineOptions"/> bound from the <c>EdgeFlows</c> section and checked
    /// when the host starts (each error names its key).
    /// </summary>
    /// <param name="runtime">The durable runtime being configured (<c>AddDurableRuntime</c>).</param>
    /// <param name="configuration">The configuration root holding the <c>EdgeFlows</c> section.</param>
    /// <param name="configure">Changes applied after binding (tests, benchmarks).</param>
    public static DurableRuntimeBuilder AddRetrainPipeline(this DurableRuntimeBuilder runtime, IConfiguration configuration, Action<RetrainPipelineOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        ArgumentNullException.ThrowIfNull(configuration);
        var options = runtime.Services.AddOptions<RetrainPipelineOptions>().Bind(configuration.GetSection(RetrainPipelineOptions.SectionName));
        if (configure is not null)
        {
            options.PostConfigure(configure);
        }

        runtime.Services.AddSingleton<IValidateOptions<RetrainPipelineOptions>, RetrainPipelineOptionsValidator>();
        options.ValidateOnStart();
        runtime.Services.TryAddSingleton(sp => SecretRedactor.For(sp.GetRequiredService<IOptions<RetrainPipelineOptions>>().Value));
        runtime.Services.TryAddSingleton<RetrainStorage>();

        runtime.Services.AddSqliteModelRegistry();
        runtime.Services.AddWebhookSender();
        runtime.Services.TryAddSingleton(TimeProvider.System);

        runtime.AddOrchestrator<Retrain>(Retrain.Name);
        runtime.AddActivity<PlanRetrain>(RetrainSteps.Plan);
        runtime.AddActivity<RegisterModel>(RetrainSteps.RegisterModel);
        runtime.AddActivity<SendWebhook>(RetrainSteps.SendWebhook);
        return runtime;
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
