using EdgeFlows.Durable.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace EdgeFlows.Functions.Triggers.Blob;

/// <summary>Registers the blob trigger.</summary>
public static class BlobTriggerServiceCollectionExtensions
{
    /// <summary>
    /// Adds the blob trigger (a hosted service) with options bound from <c>EdgeFlows:BlobTrigger</c>
    /// and checked when the host starts, and registers the <see cref="DatasetWatcher"/>
    /// orchestrator. The orchestrations the watches name must be registered as well.
    /// </summary>
    /// <param name="runtime">The durable runtime being configured (<c>AddDurableRuntime</c>).</param>
    /// <param name="configuration">The configuration root holding <c>EdgeFlows:BlobTrigger</c>.</param>
    /// <param name="configure">Changes applied after binding (tests, benchmarks).</param>
    public static DurableRuntimeBuilder AddBlobTrigger(this DurableRuntimeBuilder runtime, IConfiguration configuration, Action<BlobTriggerOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        ArgumentNullException.ThrowIfNull(configuration);
        runtime.AddOrchestrator<DatasetWatcher>(DatasetWatcher.Name);
        var section = configuration.GetSection(BlobTriggerOptions.SectionName);
        var options = runtime.Services.AddOptions<BlobTriggerOptions>()
            .Bind(section)
            .Configure(o => BindWatches(section.GetSection(nameof(BlobTriggerOptions.Watches)), o));
        if (configure is not null)
        {
            options.PostConfigure(configure);
        }

        runtime.Services.AddSingleton<IValidateOptions<BlobTriggerOptions>, BlobTriggerOptionsValidator>();
        options.ValidateOnStart();
        runtime.Services.AddHostedService<BlobTrigger>();
        return runtime;
    }

    // Again item by item: the binder silently drops a list item it cannot bind (a misspelt
    // Readiness, say), and a watch must never vanish without an error naming its key.
    private static void BindWatches(IConfigurationSection section, BlobTriggerOptions options)
    {
        options.Watches.Clear();
        foreach (var item in section.GetChildren())
        {
            var watch = new BlobWatchOptions();
            try
            {
                item.Bind(watch);
            }
            catch (InvalidOperationException ex)
            {
                options.BindErrors.Add($"{item.Path} cannot be read: {ex.Message}");
            }

            options.Watches.Add(watch);
        }
    }

    private sealed class BlobTriggerOptionsValidator : IValidateOptions<BlobTriggerOptions>
    {
        public ValidateOptionsResult Validate(string? name, BlobTriggerOptions options)
        {
            var errors = options.Validate();
            return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
        }
    }
}
