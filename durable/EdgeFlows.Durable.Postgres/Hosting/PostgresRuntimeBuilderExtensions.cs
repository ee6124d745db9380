using EdgeFlows.Durable.Stores;
using EdgeFlows.Durable.Stores.Postgres;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EdgeFlows.Durable.Hosting;

/// <summary>Registers the PostgreSQL store with the durable runtime.</summary>
public static class PostgresRuntimeBuilderExtensions
{
    /// <summary>
    /// Uses the PostgreSQL store, so several hosts can share the work. The options are
    /// validated when the host starts, and every error names its key under
    /// <paramref name="section"/> (default <c>EdgeFlows:Durable:Postgres</c>), for apps that
    /// bind the options from a section of their own.
    /// </summary>
    public static DurableRuntimeBuilder UsePostgres(this DurableRuntimeBuilder runtime, Action<PostgresStoreOptions> configure, string section = PostgresStoreOptions.SectionName)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        ArgumentNullException.ThrowIfNull(configure);
        runtime.Services.AddOptions<PostgresStoreOptions>()
            .Configure(configure)
            .ValidateOnStart();
        runtime.Services.AddSingleton<IValidateOptions<PostgresStoreOptions>>(new PostgresOptionsValidator(section));
        return runtime.UseStore(sp => new PostgresOrchestrationStore(
            sp.GetRequiredService<IOptions<PostgresStoreOptions>>().Value,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetService<ILoggerFactory>()));
    }

    private sealed class PostgresOptionsValidator(string section) : IValidateOptions<PostgresStoreOptions>
    {
        public ValidateOptionsResult Validate(string? name, PostgresStoreOptions options)
        {
            var errors = options.Validate(section);
            return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
        }
    }
}
