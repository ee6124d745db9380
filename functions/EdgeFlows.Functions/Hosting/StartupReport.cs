using EdgeFlows.Durable.Stores;
using EdgeFlows.Durable.Stores.Postgres;
using EdgeFlows.Durable.Stores.Sqlite;
using EdgeFlows.Functions.Http.Keys;
using Microsoft.Extensions.Options;

namespace EdgeFlows.Functions.Hosting;

/// <summary>Says at start-up where the app keeps its state, and warns when keys are not enforced.</summary>
internal sealed class StartupReport(
    IOrchestrationStore store,
    IOptions<SqliteStoreOptions> sqlite,
    IOptions<HostingOptions> hosting,
    IOptions<KeyOptions> keys,
    IHostEnvironment environment,
    ILogger<StartupReport> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        // The PostgreSQL store's location names the server, database and schema, never the credentials.
        var (kind, location) = store is PostgresOrchestrationStore postgres ? ("PostgreSQL", postgres.Location) : ("SQLite", sqlite.Value.DataSource);
        logger.AppStarted(kind, location, hosting.Value.EffectiveDataFolder(environment.ContentRootPath));
        if (keys.Value.AllowAnonymous)
        {
            logger.KeysNotEnforced();
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
