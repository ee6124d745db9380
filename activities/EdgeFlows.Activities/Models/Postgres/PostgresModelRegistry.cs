// The model registry on PostgreSQL, for apps whose hosts share a PostgreSQL store: its tables
// (ext_models_*) live in the store's schema. Every write is one READ COMMITTED transaction
// that first takes a transaction-scoped advisory lock on the model's name, so "read the
// highest version, insert the next" and "archive the champion, promote the challenger" are
// atomic across connections and hosts; other models never wait. The connection string is
// never logged or quoted: errors name the server and database only.
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace EdgeFlows.Activities.Models;

/// <summary>An <see cref="IModelRegistry"/> in a PostgreSQL database, shared by every host that uses it.</summary>
public sealed partial class PostgresModelRegistry : IModelRegistry, IAsyncDisposable
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly string _schema;
    private readonly string _s;
    private readonly string _where;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly Lock _initializationLock = new();
    private Task? _initialization;

    /// <summary>Creates the registry; its tables are created on first use (or by <see cref="InitializeAsync"/>).</summary>
    /// <exception cref="ArgumentException">The options are invalid; the message names every bad key.</exception>
    public PostgresModelRegistry(PostgresModelRegistryOptions options, ILogger<PostgresModelRegistry>? logger = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate("Models:Postgres");
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", errors), nameof(options));
        }

        var builder = new NpgsqlDataSourceBuilder(options.ConnectionString);
        builder.ConnectionStringBuilder.CommandTimeout = options.CommandTimeoutSeconds;
        builder.ConnectionStringBuilder.ApplicationName ??= "edgeflows-models";
        builder.ConnectionStringBuilder.PersistSecurityInfo = false;
        var parsed = builder.ConnectionStringBuilder;
        _where = $"the PostgreSQL database '{parsed.Database}' at {parsed.Host}:{parsed.Port}, schema '{options.Schema}'";
        _dataSource = builder.Build();
        _schema = options.Schema;
        _s = PostgresModelRegistrySchema.Quote(options.Schema);
        _logger = logger ?? NullLogger<PostgresModelRegistry>.Instance;
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>
    /// Creates the registry's tables if missing (and the schema), after checking that the schema
    /// holds no registry of a newer version. Safe to call at once from several threads and hosts.
    /// Every other method calls it first.
    /// </summary>
    /// <exception cref="ModelRegistryException">The database is unreachable or has a newer registry schema; nothing was changed.</exception>
    public Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        lock (_initializationLock)
        {
            if (_initialization is null || _initialization.IsFaulted || _initialization.IsCanceled)
            {
                _initialization = RunTransactionAsync<bool>(null, CreateSchemaAsync, cancellationToken);
            }

            return _initialization;
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_initialization is { } initialization)
        {
            await initialization.ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default).ConfigureAwait(false);
        }

        await _dataSource.DisposeAsync().ConfigureAwait(false);
    }

    private async Task<bool> CreateSchemaAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        // Concurrent CREATE TABLE IF NOT EXISTS can still collide in the catalog: one host at a time.
        await ExecuteAsync(connection, transaction, "SELECT pg_advisory_xact_lock(hashtext(@key))", cancellationToken, ("key", $"edgeflows-models-schema:{_schema}")).ConfigureAwait(false);
        if (!await PostgresModelRegistrySchema.VerifyAsync(connection, transaction, _schema, _where, cancellationToken).ConfigureAwait(false))
        {
            await ExecuteAsync(connection, transaction, PostgresModelRegistrySchema.Ddl(_s), cancellationToken).ConfigureAwait(false);
        }

        Logs.RegistryOpened(_logger, _where);
        return true;
    }

    /// <summary>
    /// Runs <paramref name="work"/> in a transaction, after the registry is initialized; with a
    /// <paramref name="model"/>, under that model's advisory lock.
    /// </summary>
    private async Task<T> InTransactionAsync<T>(string? model, Func<NpgsqlConnection, NpgsqlTransaction, CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        return await RunTransactionAsync(model, work, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// One transaction; database failures become <see cref="ModelRegistryException"/>s naming
    /// the database, never the connection string.
    /// </summary>
    private async Task<T> RunTransactionAsync<T>(string? model, Func<NpgsqlConnection, NpgsqlTransaction, CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        try
        {
            var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using var connectionScope = connection.ConfigureAwait(false);
            var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using var transactionScope = transaction.ConfigureAwait(false);
            if (model is not null)
            {
                await ExecuteAsync(connection, transaction, "SELECT pg_advisory_xact_lock(hashtext(@key))", cancellationToken, ("key", $"edgeflows-models:{_schema}:{model}")).ConfigureAwait(false);
            }

            var result = await work(connection, transaction, cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return result;
        }
        catch (NpgsqlException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ModelRegistryException($"The model registry in {_where} failed: {ex.Message}", ex);
        }
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        var command = Command(connection, transaction, sql, parameters);
        await using var commandScope = command.ConfigureAwait(false);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static NpgsqlCommand Command(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = new NpgsqlCommand(sql, connection, transaction);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return command;
    }

    private async Task<ModelVersion?> ReadOneAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string where, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        var rows = await ReadAsync(connection, transaction, $"SELECT {ModelVersionRows.Columns} FROM {_s}.ext_models_versions v WHERE {where}", cancellationToken, parameters).ConfigureAwait(false);
        return rows.Count == 0 ? null : rows[0];
    }

    private static async Task<List<ModelVersion>> ReadAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        var command = Command(connection, transaction, sql, parameters);
        await using var commandScope = command.ConfigureAwait(false);
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using var readerScope = reader.ConfigureAwait(false);
        var versions = new List<ModelVersion>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            versions.Add(ModelVersionRows.Read(reader));
        }

        return versions;
    }

    private static string Json<T>(T value) => ModelVersionRows.ToJson(value);

    private long NowTicks => _time.GetUtcNow().UtcTicks;
}
