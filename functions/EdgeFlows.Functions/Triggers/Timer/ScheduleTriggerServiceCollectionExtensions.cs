using EdgeFlows.Durable.Client;
using EdgeFlows.Durable.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EdgeFlows.Functions.Triggers.Timer;

/// <summary>Registers the schedule trigger.</summary>
public static class ScheduleTriggerServiceCollectionExtensions
{
    /// <summary>
    /// Adds the schedule trigger (a hosted service) with the schedules bound from
    /// <c>EdgeFlows:Schedules</c> and its settings from <c>EdgeFlows:ScheduleTrigger</c>, checked
    /// when the host starts; registers the <see cref="ScheduledRunSkipped"/> orchestrator and,
    /// unless one is registered, <see cref="BlobDatasetFingerprintSource"/> as the data side of
    /// SkipIfUnchanged. The orchestrations the schedules name must be registered as well, and
    /// an <see cref="IPromotedFingerprintSource"/> when a schedule sets SkipIfUnchanged. The
    /// schedules' clock is the <see cref="TimeProvider"/> keyed <see cref="ScheduleTrigger.ClockServiceKey"/>
    /// if there is one, else the host's.
    /// </summary>
    /// <param name="runtime">The durable runtime being configured (<c>AddDurableRuntime</c>).</param>
    /// <param name="configuration">The configuration root holding <c>EdgeFlows:Schedules</c>.</param>
    /// <param name="configure">Changes applied after binding (tests).</param>
    public static DurableRuntimeBuilder AddScheduleTrigger(this DurableRuntimeBuilder runtime, IConfiguration configuration, Action<ScheduleTriggerOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        ArgumentNullException.ThrowIfNull(configuration);
        runtime.AddOrchestrator<ScheduledRunSkipped>(ScheduledRunSkipped.Name);
        var services = runtime.Services;
        var options = services.AddOptions<ScheduleTriggerOptions>()
            .Bind(configuration.GetSection(ScheduleTriggerOptions.SectionName))
            .Configure(o => BindSchedules(configuration.GetSection(ScheduleTriggerOptions.SchedulesSectionName), o));
        if (configure is not null)
        {
            options.PostConfigure(configure);
        }

        services.AddSingleton<IValidateOptions<ScheduleTriggerOptions>, ScheduleTriggerOptionsValidator>();
        options.ValidateOnStart();
        services.TryAddSingleton<IDatasetFingerprintSource, BlobDatasetFingerprintSource>();
        services.AddHostedService(sp => new ScheduleTrigger(
            sp.GetRequiredService<IOptions<ScheduleTriggerOptions>>(),
            sp.GetRequiredService<DurableClient>(),
            sp.GetRequiredService<ILogger<ScheduleTrigger>>(),
            sp.GetService<IDatasetFingerprintSource>(),
            sp.GetService<IPromotedFingerprintSource>(),
            sp.GetKeyedService<TimeProvider>(ScheduleTrigger.ClockServiceKey) ?? sp.GetService<TimeProvider>()));
        return runtime;
    }

    // Item by item: the binder silently drops a list item it cannot bind (a misspelt enum
    // value, say), and a schedule must never vanish without an error naming its key.
    private static void BindSchedules(IConfigurationSection section, ScheduleTriggerOptions options)
    {
        foreach (var item in section.GetChildren())
        {
            var schedule = new ScheduleOptions();
            try
            {
                item.Bind(schedule);
            }
            catch (InvalidOperationException ex)
            {
                options.BindErrors.Add($"{item.Path} cannot be read: {ex.Message}");
            }

            options.Schedules.Add(schedule);
        }
    }

    private sealed class ScheduleTriggerOptionsValidator : IValidateOptions<ScheduleTriggerOptions>
    {
        public ValidateOptionsResult Validate(string? name, ScheduleTriggerOptions options)
        {
            var errors = options.Validate();
            return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
        }
    }
}
