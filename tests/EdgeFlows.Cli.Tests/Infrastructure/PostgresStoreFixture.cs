// One real runtime host on the PostgreSQL store per test class (a database of its own on the
// server eng/services/postgres.sh started), with the fake Retrain and the registry in the
// store's schema: the CLI (--postgres) reads and writes that schema while the host runs the work.
using EdgeFlows.Activities.Models;
using EdgeFlows.Durable.Hosting;
using EdgeFlows.Durable.Tests.Infrastructure;
using EdgeFlows.Tests.Shared;
using Microsoft.Extensions.DependencyInjection;

namespace EdgeFlows.Cli.Tests.Infrastructure;

public sealed class PostgresStoreFixture : IAsyncLifetime
{
    /// <summary>Not the default schema, so the CLI must be told it.</summary>
    public const string Schema = "retrain_ops";

    private PostgresDatabase? _database;
    private DurableTestHost? _host;

    public DurableTestHost Host => _host ?? throw new InvalidOperationException("The fixture is not started.");

    internal PostgresDatabase Database => _database ?? throw new InvalidOperationException("The fixture is not started.");

    public async Task InitializeAsync()
    {
        _database = await Postgres.CreateDatabaseAsync("cli");
        var connectionString = _database.ConnectionString;
        _host = await DurableTestHost.StartAsync(
            StoreFixture.Register,
            services: services => services.AddPostgresModelRegistry(o =>
            {
                o.ConnectionString = connectionString;
                o.Schema = Schema;
            }),
            useStore: runtime => runtime.UsePostgres(o =>
            {
                o.ConnectionString = connectionString;
                o.Schema = Schema;
            }));
        await _host.Store.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }

        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    /// <summary>The CLI's arguments with <c>--postgres</c> and <c>--postgres-schema</c> pointing at this host's store.</summary>
    public string[] Args(params string[] args) => [.. args, "--postgres", Database.ConnectionString, "--postgres-schema", Schema];

    /// <summary>Runs the CLI on this store.</summary>
    public Task<CliResult> RunAsync(params string[] args) => CliRun.RunAsync(Args(args));
}
