// Where the tests find PostgreSQL: eng/test.sh starts a throw-away cluster
// (eng/services/postgres.sh) and exports EDGEFLOWS_TEST_POSTGRES, an Npgsql connection string
// of a superuser. Without it every PostgreSQL test fails and says how to fix that, rather than
// skipping, so a run without PostgreSQL never looks green. Compiled into each test project
// that talks to PostgreSQL (a linked file, see their .csproj).
using Npgsql;

namespace EdgeFlows.Tests.Shared;

internal static class Postgres
{
    public const string EnvironmentVariable = "EDGEFLOWS_TEST_POSTGRES";

    /// <summary>The server's connection string (database <c>edgeflows</c>, a superuser).</summary>
    public static string ConnectionString
    {
        get
        {
            var value = Environment.GetEnvironmentVariable(EnvironmentVariable);
            if (string.IsNullOrWhiteSpace(value))
            {
                throw new InvalidOperationException(
                    $"{EnvironmentVariable} is not set, so there is no PostgreSQL to test against. Run eng/test.sh, or start PostgreSQL with " +
                    "'source eng/services/common.sh; source eng/services/postgres.sh; postgres_start' (EDGEFLOWS_TEST_WORK set) and run dotnet test in that shell.");
            }

            return value;
        }
    }

    /// <summary>The password in <see cref="ConnectionString"/> (tests check it never leaks).</summary>
    public static string Password => new NpgsqlConnectionStringBuilder(ConnectionString).Password!;

    /// <summary>A new, empty database with a unique name; dropped when disposed.</summary>
    public static async Task<PostgresDatabase> CreateDatabaseAsync(string purpose)
    {
        var name = $"ef_{purpose}_{Guid.NewGuid():N}"[..Math.Min(63, purpose.Length + 36)].ToLowerInvariant();
        await using (var admin = new NpgsqlConnection(ConnectionString))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", admin);
            await create.ExecuteNonQueryAsync();
        }

        return new PostgresDatabase(name, new NpgsqlConnectionStringBuilder(ConnectionString) { Database = name }.ConnectionString);
    }

    /// <summary>Runs SQL on a database (setting up foreign tables, inspecting rows).</summary>
    public static async Task<object?> ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }
}

/// <summary>A database of one test class; dropped (connections closed by force) when disposed.</summary>
internal sealed class PostgresDatabase(string name, string connectionString) : IAsyncDisposable
{
    public string Name { get; } = name;

    public string ConnectionString { get; } = connectionString;

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(Postgres.ConnectionString);
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)", admin);
        await drop.ExecuteNonQueryAsync();
    }
}
