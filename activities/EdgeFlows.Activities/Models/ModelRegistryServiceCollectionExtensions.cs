using EdgeFlows.Durable.Stores.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EdgeFlows.Activities.Models;

/// <summary>Registers the model registry: embedded in the SQLite store's file, or on PostgreSQL.</summary>
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

    /// <summary>
    /// Adds <see cref="PostgresModelRegistry"/> as the <see cref="IModelRegistry"/> singleton
    /// (unless one is registered already), for apps whose hosts share a PostgreSQL store. The
    /// options are checked when the registry is first resolved; every error names its key under
    /// <paramref name="section"/>.
    /// </summary>
    public static IServiceCollection AddPostgresModelRegistry(this IServiceCollection services, Action<PostgresModelRegistryOptions> configure, string section = "EdgeFlows:Models:Postgres")
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.TryAddSingleton<IModelRegistry>(provider =>
        {
            var options = new PostgresModelRegistryOptions();
            configure(options);
            var errors = options.Validate(section);
            if (errors.Count > 0)
            {
                throw new OptionsValidationException(section, typeof(PostgresModelRegistryOptions), errors);
            }

            return new PostgresModelRegistry(options, provider.GetService<ILogger<PostgresModelRegistry>>(), provider.GetService<TimeProvider>());
        });
        return services;
    }
}
