// Where one run's store lives, fresh for every run. SQLite: a file in the run's temporary
// folder with synchronous FULL. PostgreSQL: a schema of its own (bench_<random>) on the server
// EDGEFLOWS_BENCH_POSTGRES names, dropped afterwards; the server's durability is the server's
// (bench/run-postgres.sh starts one with fsync on, as production runs). The connection string
// is never printed: errors name the variable, not its value.
using EdgeFlows.Durable.Stores;
using EdgeFlows.Durable.Stores.Postgres;
using EdgeFlows.Durable.Stores.Sqlite;
using Npgsql;

namespace EdgeFlows.Bench;

/// <summary>The stores the benchmark measures (<c>--store</c>).</summary>
internal static class BenchStores
{
    public const string Sqlite = "sqlite";
    public const string Postgres = "postgres";

    /// <summary>The environment variable holding the PostgreSQL server's Npgsql connection string.</summary>
    public const string PostgresVariable = "EDGEFLOWS_BENCH_POSTGRES";

    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Makes a fresh place for a store of kind <paramref name="store"/>.</summary>
    /// <exception cref="BenchmarkFailedException">PostgreSQL without a usable <see cref="PostgresVariable"/>.</exception>
    public static async Task<Location> CreateAsync(string store, string directory, CancellationToken cancellationToken)
    {
        if (store == Sqlite)
        {
            return new SqliteLocation(Path.Combine(directory, "store.db"));
        }

        var connectionString = Environment.GetEnvironmentVariable(PostgresVariable);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new BenchmarkFailedException(
                $"--store postgres needs the server's Npgsql connection string in {PostgresVariable} (bench/run-postgres.sh starts a server and sets it).");
        }

        var schema = "bench_" + Guid.NewGuid().ToString("N")[..12];
        var location = new PostgresLocation(connectionString, schema);
        await location.ExecuteAsync($"CREATE SCHEMA {schema}", cancellationToken);
        return location;
    }

    /// <summary>One run's store location.</summary>
    internal abstract class Location
    {
        /// <summary>Opens the store there.</summary>
        public abstract IOrchestrationStore Open(TimeProvider timeProvider);

        /// <summary>Removes what <see cref="CreateAsync"/> made (the SQLite file goes with the run's folder).</summary>
        public virtual Task DeleteAsync() => Task.CompletedTask;
    }

    private sealed class SqliteLocation(string path) : Location
    {
        public override IOrchestrationStore Open(TimeProvider timeProvider) =>
            new SqliteOrchestrationStore(new SqliteStoreOptions { DataSource = path, Synchronous = "FULL" }, timeProvider);
    }

    private sealed class PostgresLocation(string connectionString, string schema) : Location
    {
        public override IOrchestrationStore Open(TimeProvider timeProvider) =>
            new PostgresOrchestrationStore(new PostgresStoreOptions { ConnectionString = connectionString, Schema = schema }, timeProvider);

        public override async Task DeleteAsync()
        {
            try
            {
                using var timeout = new CancellationTokenSource(CommandTimeout);
                await ExecuteAsync($"DROP SCHEMA IF EXISTS {schema} CASCADE", timeout.Token);
            }
            catch (Exception ex) when (ex is BenchmarkFailedException or OperationCanceledException)
            {
                // Litter, not a wrong result: say so and go on.
                await Console.Error.WriteLineAsync($"Could not drop the benchmark's schema {schema}: {ex.Message}");
            }
        }

        public async Task ExecuteAsync(string sql, CancellationToken cancellationToken)
        {
            try
            {
                await using var connection = new NpgsqlConnection(connectionString);
                await connection.OpenAsync(cancellationToken);
                await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = (int)CommandTimeout.TotalSeconds };
                await command.ExecuteNonQueryAsync(cancellationToken);
            }
            catch (ArgumentException)
            {
                // Npgsql's parser may quote the part it could not read, which can be the password.
                throw new BenchmarkFailedException($"{PostgresVariable} is not a valid Npgsql connection string.");
            }
            catch (NpgsqlException ex)
            {
                throw new BenchmarkFailedException($"The PostgreSQL server in {PostgresVariable} refused '{sql}': {ex.Message}", ex);
            }
        }
    }
}
