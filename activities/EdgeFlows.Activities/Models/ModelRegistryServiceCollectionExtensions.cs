using EdgeFlows.Durable.Stores.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EdgeFlows.Activities.Models;

/// <summary>Registers the embedded model registry.</summary>
public static class ModelRegistryServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="SqliteModelRegistry"/> as the <see cref="IModelRegistry"/> singleton, in
    /// the durable store's file (its <see cref="SqliteStoreOptions"/>) unless
    /// <paramref name="configure"/> says otherwise.
    /// </summary>
    public static IServiceCollection AddSqliteModelRegistry(this IServiceCollection services, Action<SqliteModelRegistryOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton<IModelRegistry>(provider =>
        {
            var store = provider.GetService<IOptions<SqliteStoreOptions>>()?.Value ?? new SqliteStoreOptions();
            var options = SqliteModelRegistryOptions.SameFileAs(store);
            configure?.Invoke(options);
            return new SqliteModelRegistry(options, provider.GetService<ILogger<SqliteModelRegistry>>(), provider.GetService<TimeProvider>());
        });
        return services;
    }
}
