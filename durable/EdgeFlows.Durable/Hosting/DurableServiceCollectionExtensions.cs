using EdgeFlows.Durable.Client;
using EdgeFlows.Durable.Serialization;
using EdgeFlows.Durable.Stores;
using EdgeFlows.Durable.Stores.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace EdgeFlows.Durable.Hosting;

/// <summary>Registers the durable runtime with DI.</summary>
public static class DurableServiceCollectionExtensions
{
    /// <summary>
    /// Adds the runtime: options (bound from <c>EdgeFlows:Durable</c> when configuration is
    /// given), the store (SQLite unless the builder picks another), <see cref="DurableClient"/>,
    /// and <see cref="DurableWorker"/> as a hosted service.
    /// </summary>
    public static IServiceCollection AddDurableRuntime(this IServiceCollection services, Action<DurableRuntimeBuilder> configure, IConfiguration? configuration = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        var builder = new DurableRuntimeBuilder(services);
        var options = services.AddOptions<DurableRuntimeOptions>();
        var sqlite = services.AddOptions<SqliteStoreOptions>();
        if (configuration is not null)
        {
            options.Bind(configuration.GetSection(DurableRuntimeOptions.SectionName));
            sqlite.Bind(configuration.GetSection(DurableRuntimeOptions.SectionName + ":Sqlite"));
        }

        options.Validate(o =>
        {
            o.Validate();
            return true;
        });
        configure(builder);

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(builder.Registry);
        services.TryAddSingleton<IOrchestrationStore>(sp =>
            new SqliteOrchestrationStore(sp.GetRequiredService<IOptions<SqliteStoreOptions>>().Value, sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(sp => new DataConverter(sp.GetRequiredService<IOptions<DurableRuntimeOptions>>().Value.MaxPayloadBytes));
        services.TryAddSingleton(sp => new DurableClient(
            sp.GetRequiredService<IOrchestrationStore>(),
            sp.GetRequiredService<DataConverter>(),
            sp.GetRequiredService<IOptions<DurableRuntimeOptions>>().Value,
            sp.GetRequiredService<OrchestrationRegistry>(),
            sp.GetRequiredService<TimeProvider>()));
        if (builder.RunWorker)
        {
            services.AddHostedService<DurableWorker>();
        }

        return services;
    }
}

/// <summary>Configures <c>AddDurableRuntime</c>: orchestrators, activities, and the store.</summary>
public sealed class DurableRuntimeBuilder(IServiceCollection services)
{
    /// <summary>The service collection.</summary>
    public IServiceCollection Services { get; } = services;

    /// <summary>The orchestrators and activities registered so far.</summary>
    public OrchestrationRegistry Registry { get; } = new();

    /// <summary>False for a client-only process (a CLI, say): no worker runs. Default true.</summary>
    public bool RunWorker { get; set; } = true;

    /// <summary>Registers an orchestrator under its type name or <paramref name="name"/>.</summary>
    public DurableRuntimeBuilder AddOrchestrator<T>(string? name = null)
        where T : class, ITaskOrchestrator
    {
        Registry.AddOrchestrator(typeof(T), name);
        return this;
    }

    /// <summary>Registers an activity under its type name or <paramref name="name"/>; resolved per call (transient unless registered otherwise).</summary>
    public DurableRuntimeBuilder AddActivity<T>(string? name = null)
        where T : class, ITaskActivity
    {
        Registry.AddActivity(typeof(T), name);
        Services.TryAddTransient<T>();
        return this;
    }

    /// <summary>Uses the SQLite store with these options.</summary>
    public DurableRuntimeBuilder UseSqlite(Action<SqliteStoreOptions> configure)
    {
        Services.Configure(configure);
        return this;
    }

    /// <summary>Uses another store (PostgreSQL, or one shared by tests).</summary>
    public DurableRuntimeBuilder UseStore(Func<IServiceProvider, IOrchestrationStore> factory)
    {
        Services.AddSingleton(factory);
        return this;
    }
}
