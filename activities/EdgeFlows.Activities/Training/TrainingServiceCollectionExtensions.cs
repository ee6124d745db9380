using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace EdgeFlows.Activities.Training;

/// <summary>Registers the training runners.</summary>
public static class TrainingServiceCollectionExtensions
{
    /// <summary>
    /// Adds the local and ssh runners (singletons), and a <see cref="TrainingRunnerResolver"/>
    /// that picks one by <see cref="TrainingTarget.Kind"/>. Configure
    /// <see cref="TrainingRunnerOptions"/> with <c>services.Configure&lt;TrainingRunnerOptions&gt;(...)</c>.
    /// </summary>
    public static IServiceCollection AddTrainingRunners(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<TrainingRunnerOptions>();
        services.TryAddSingleton<LocalTrainingRunner>();
        services.TryAddSingleton<SshTrainingRunner>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ITrainingRunner, LocalTrainingRunner>(sp => sp.GetRequiredService<LocalTrainingRunner>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ITrainingRunner, SshTrainingRunner>(sp => sp.GetRequiredService<SshTrainingRunner>()));
        services.TryAddSingleton<TrainingRunnerResolver>();
        return services;
    }
}
