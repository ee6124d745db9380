using EdgeFlows.Activities.Models;
using EdgeFlows.Durable.Hosting;
using EdgeFlows.Durable.Stores.Postgres;
using EdgeFlows.Durable.Stores.Sqlite;
using Microsoft.Extensions.Options;

namespace EdgeFlows.Functions.Hosting;

/// <summary>Puts the runtime's store, and the model registry beside it, where the app's configuration says.</summary>
public static class AppStoreExtensions
{
    /// <summary>
    /// The model registry in the store's database: with <c>EdgeFlows:Store:Provider</c>
    /// <c>Postgres</c>, tables in the store's PostgreSQL schema on its connection string (so every
    /// host sees the same versions); otherwise tables in the SQLite store's file. A registry
    /// registered before this call is kept.
    /// </summary>
    public static IServiceCollection AddAppModelRegistry(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        if (!StoreOptions.PostgresConfigured(configuration))
        {
            return services.AddSqliteModelRegistry();
        }

        var section = StoreOptions.SectionName + ":Postgres";
        return services.AddPostgresModelRegistry(o => configuration.GetSection(section).Bind(o), section);
    }

    /// <summary>
    /// Uses the store <c>EdgeFlows:Store:Provider</c> names: the SQLite store at
    /// <c>EdgeFlows:Store:Sqlite:Path</c> (default: <c>edgeflows.db</c> in the data folder, which
    /// is created when missing), or with <c>Postgres</c> the PostgreSQL store configured under
    /// <c>EdgeFlows:Store:Postgres</c>. The SQLite location is set up either way: the embedded
    /// model registry keeps its tables in that file.
    /// </summary>
    public static DurableRuntimeBuilder UseAppStore(this DurableRuntimeBuilder runtime, IConfiguration configuration, IHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(environment);
        runtime.Services.AddOptions<StoreOptions>()
            .Bind(configuration.GetSection(StoreOptions.SectionName))
            .ValidateOnStart();
        runtime.Services.AddSingleton<IValidateOptions<StoreOptions>>(new OptionsValidator<StoreOptions>(o => o.Validate()));
        if (StoreOptions.PostgresConfigured(configuration))
        {
            var section = StoreOptions.SectionName + ":Postgres";
            runtime.Services.AddOptions<PostgresStoreOptions>().Bind(configuration.GetSection(section));
            runtime.UsePostgres(_ => { }, section);
        }

        var runtimeDataSource = configuration[DurableRuntimeOptions.SectionName + ":Sqlite:DataSource"];
        runtime.Services.AddOptions<SqliteStoreOptions>()
            .PostConfigure<IOptions<StoreOptions>, IOptions<HostingOptions>>((sqlite, store, hosting) =>
            {
                var path = store.Value.Sqlite.Path;
                if (path is null && !string.IsNullOrWhiteSpace(runtimeDataSource))
                {
                    return;
                }

                var folder = hosting.Value.EffectiveDataFolder(environment.ContentRootPath);
                var file = Path.GetFullPath(path ?? SqliteStoreLocation.DefaultFileName, folder);
                try
                {
                    Directory.CreateDirectory(Path.GetDirectoryName(file)!);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    throw new OptionsValidationException(StoreOptions.SectionName, typeof(StoreOptions), [
                        $"{StoreOptions.SectionName}:Sqlite:Path: the folder of {file} cannot be created ({ex.Message}); set EdgeFlows:Host:DataFolder or the path to a writable place."]);
                }

                sqlite.DataSource = file;
            });
        return runtime;
    }
}
