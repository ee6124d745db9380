// The store for several hosts: PostgreSQL through Npgsql's pooled data source. Every write is
// one READ COMMITTED transaction that first locks the instance rows it touches (FOR UPDATE,
// in id order), so the work of one instance is serialized across hosts; taking work uses
// FOR UPDATE SKIP LOCKED, so two hosts never take the same item and never wait for each
// other. Leases (owner + expiry) follow the SQLite store's semantics exactly. Commits that
// create work for others NOTIFY the store's channel (see PostgresNotificationListener).
using System.Data;
using System.Text.Json;
using EdgeFlows.Durable.History;
using EdgeFlows.Durable.Serialization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace EdgeFlows.Durable.Stores.Postgres;

/// <summary>The <see cref="IOrchestrationStore"/> on PostgreSQL; see <see cref="PostgresStoreOptions"/>.</summary>
public sealed partial class PostgresOrchestrationStore : IOrchestrationStore
{
    // Conflicts a retry of the whole transaction resolves: serialization failure, deadlock
    // (instances locked in another order), and a unique key another host inserted at the
    // same moment (the retry then sees it and answers as if it had been first).
    private static readonly string[] RetryableStates = [PostgresErrorCodes.SerializationFailure, PostgresErrorCodes.DeadlockDetected, PostgresErrorCodes.UniqueViolation];
    private const int MaxAttempts = 8;

    private readonly PostgresStoreOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly NpgsqlDataSource _dataSource;
    private readonly NpgsqlDataSource _listenDataSource;
    private readonly string _storeId = Guid.NewGuid().ToString("N");
    private readonly string _channel;
    private readonly Lock _initializationLock = new();
    private Task? _initialization;
    private PostgresNotificationListener? _listener;
    private volatile bool _initialized;

    /// <summary>Creates the store; call <see cref="InitializeAsync"/> before use.</summary>
    /// <exception cref="ArgumentException">The options are invalid; the message names every bad key.</exception>
    public PostgresOrchestrationStore(PostgresStoreOptions options, TimeProvider? timeProvider = null, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.ThrowIfInvalid();
        _options = options;
        _time = timeProvider ?? TimeProvider.System;
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<PostgresOrchestrationStore>();
        var builder = new NpgsqlDataSourceBuilder(options.ConnectionString);
        builder.ConnectionStringBuilder.CommandTimeout = options.CommandTimeoutSeconds;
        builder.ConnectionStringBuilder.ApplicationName ??= "edgeflows";
        builder.ConnectionStringBuilder.PersistSecurityInfo = false;
        Server = Describe(builder.ConnectionStringBuilder);
        _dataSource = builder.Build();

        // The listening connection has a pool and a name of its own, so operators (and tests)
        // can tell it apart in pg_stat_activity.
        var listen = new NpgsqlDataSourceBuilder(builder.ConnectionString);
        listen.ConnectionStringBuilder.ApplicationName = builder.ConnectionStringBuilder.ApplicationName + ListenerApplicationSuffix;
        listen.ConnectionStringBuilder.MaxPoolSize = 1;
        _listenDataSource = listen.Build();
        S = PostgresSchema.Quote(options.Schema);
        _channel = options.Schema + "_work";
    }

    /// <summary>Appended to the application name of the listening connection.</summary>
    public const string ListenerApplicationSuffix = "-listener";

    /// <inheritdoc />
    public WorkSignals Signals { get; } = new();

    /// <summary>The server and database, without credentials: <c>host:port, database 'name'</c>.</summary>
    public string Server { get; }

    /// <summary>Where the store is, without credentials (for logs and errors): <see cref="Server"/> and the schema.</summary>
    public string Location => $"{Server}, schema '{_options.Schema}'";

    /// <summary>The quoted schema, prefixed to every table.</summary>
    private string S { get; }

    private DateTime UtcNow => _time.GetUtcNow().UtcDateTime;

    internal PostgresNotificationListener? Listener => _listener;

    /// <inheritdoc />
    public Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        // Safe to call from the worker and from clients at once: the first call does the work.
        lock (_initializationLock)
        {
            if (_initialization is null || _initialization.IsFaulted || _initialization.IsCanceled)
            {
                _initialization = InitializeCoreAsync(cancellationToken);
            }

            return _initialization;
        }
    }

    private async Task InitializeCoreAsync(CancellationToken cancellationToken)
    {
        try
        {
            await InTransactionAsync(
                async (c, t, ct) =>
                {
                    await PostgresSchema.VerifyAndCreateAsync(c, t, _options.Schema, $"the PostgreSQL database at {Server}", ct).ConfigureAwait(false);
                    return true;
                },
                cancellationToken,
                requireInitialized: false).ConfigureAwait(false);
        }
        catch (NpgsqlException ex) when (!cancellationToken.IsCancellationRequested)
        {
            // Npgsql's messages name the server and the failure, never the password.
            throw new InvalidOperationException($"The PostgreSQL store at {Location} cannot be opened: {ex.Message}", ex);
        }

        _initialized = true;
        if (_options.ListenForNotifications && _listener is null)
        {
            _listener = new PostgresNotificationListener(_listenDataSource, _channel, _storeId, Signals, _options, _logger, Server);
            _listener.Start();
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_listener is not null)
        {
            await _listener.DisposeAsync().ConfigureAwait(false);
            _listener = null;
        }

        await _listenDataSource.DisposeAsync().ConfigureAwait(false);
        await _dataSource.DisposeAsync().ConfigureAwait(false);
    }

    /// <inheritdoc />
    public Task<bool> CreateInstanceAsync(NewOrchestration orchestration, OrchestrationIdReusePolicy reusePolicy, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(orchestration);
        var startJson = DataConverter.SerializeEvent(orchestration.Started);
        return WriteAsync(
            async (c, t, ct) =>
            {
                var created = await InsertInstanceAsync(c, t, orchestration, startJson, reusePolicy, UtcNow, ct).ConfigureAwait(false);
                return (created, new Wake(Orchestrations: created));
            },
            cancellationToken);
    }

    /// <inheritdoc />
    public Task SendMessageAsync(string instanceId, HistoryEvent message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        var json = DataConverter.SerializeEvent(message);
        return WriteAsync(
            async (c, t, ct) =>
            {
                var status = await LockStatusAsync(c, t, instanceId, ct).ConfigureAwait(false)
                    ?? throw new OrchestrationNotFoundException(instanceId);
                if (status.Status.IsTerminal())
                {
                    throw new InvalidOperationException($"The instance '{instanceId}' is {status.Status}; it takes no more messages.");
                }

                await InsertMessageAsync(c, t, instanceId, json, UtcNow, ct).ConfigureAwait(false);
                return (true, new Wake(Orchestrations: true));
            },
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<HistoryEvent>> GetHistoryAsync(string instanceId, CancellationToken cancellationToken = default) =>
        ReadAsync<IReadOnlyList<HistoryEvent>>(
            async (c, ct) => await c.ListAsync(
                null,
                $"SELECT seq, event FROM {S}.history WHERE instance_id = @id ORDER BY seq",
                r =>
                {
                    try
                    {
                        return DataConverter.DeserializeEvent(r.GetString(1));
                    }
                    catch (JsonException ex)
                    {
                        throw new StoreCorruptedException($"History event #{r.GetInt32(0)} of instance '{instanceId}' is unreadable: {ex.Message}", ex);
                    }
                },
                ct,
                ("id", instanceId)).ConfigureAwait(false),
            cancellationToken);

    /// <inheritdoc />
    public Task<DateTime?> GetNextDueTimeAsync(CancellationToken cancellationToken = default) =>
        ReadAsync(
            async (c, ct) => await c.ScalarAsync(null, $"SELECT MIN(next_due) FROM {S}.instances WHERE next_due > @now", ct, ("now", UtcNow.Ticks)).ConfigureAwait(false) is long ticks
                ? PostgresCommands.ToUtc(ticks)
                : (DateTime?)null,
            cancellationToken);

    /// <inheritdoc />
    public Task<QueueDepth> GetQueueDepthAsync(CancellationToken cancellationToken = default) =>
        ReadAsync(
            async (c, ct) =>
            {
                var now = UtcNow.Ticks;
                var orchestrations = (long)(await c.ScalarAsync(null, $"SELECT COUNT(*) FROM {S}.instances WHERE next_due <= @now", ct, ("now", now)).ConfigureAwait(false))!;
                var activities = (long)(await c.ScalarAsync(null, $"SELECT COUNT(*) FROM {S}.activities WHERE lock_expires < @now", ct, ("now", now)).ConfigureAwait(false))!;
                return new QueueDepth(orchestrations, activities);
            },
            cancellationToken);

    /// <summary>Host, port and database: enough to find the store, nothing to log in with.</summary>
    private static string Describe(NpgsqlConnectionStringBuilder connection) =>
        $"{connection.Host}:{connection.Port}, database '{connection.Database ?? connection.Username}'";

    /// <summary>What a commit woke: set here after it commits, announced to other hosts inside it.</summary>
    private readonly record struct Wake(bool Orchestrations = false, bool Activities = false);

    /// <summary>A write transaction that wakes dispatchers here and on other hosts when it commits.</summary>
    private async Task<T> WriteAsync<T>(Func<NpgsqlConnection, NpgsqlTransaction, CancellationToken, Task<(T Result, Wake Wake)>> work, CancellationToken cancellationToken)
    {
        var (result, wake) = await InTransactionAsync(
            async (c, t, ct) =>
            {
                var outcome = await work(c, t, ct).ConfigureAwait(false);
                if (outcome.Wake.Orchestrations || outcome.Wake.Activities)
                {
                    // Transactional: delivered when, and only if, the transaction commits.
                    await c.ExecuteAsync(
                        t,
                        "SELECT pg_notify(@channel, @payload)",
                        ct,
                        ("channel", _channel),
                        ("payload", PostgresNotificationListener.Payload(_storeId, outcome.Wake.Orchestrations, outcome.Wake.Activities))).ConfigureAwait(false);
                }

                return outcome;
            },
            cancellationToken).ConfigureAwait(false);
        if (wake.Orchestrations)
        {
            Signals.Orchestrations.Set();
        }

        if (wake.Activities)
        {
            Signals.Activities.Set();
        }

        return result;
    }

    /// <summary>Runs <paramref name="work"/> in one READ COMMITTED transaction, retried whole on a conflict.</summary>
    private async Task<T> InTransactionAsync<T>(Func<NpgsqlConnection, NpgsqlTransaction, CancellationToken, Task<T>> work, CancellationToken cancellationToken, bool requireInitialized = true)
    {
        ThrowIfNotInitialized(requireInitialized);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
                await using (connection.ConfigureAwait(false))
                {
                    var transaction = await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken).ConfigureAwait(false);
                    await using (transaction.ConfigureAwait(false))
                    {
                        var result = await work(connection, transaction, cancellationToken).ConfigureAwait(false);
                        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                        return result;
                    }
                }
            }
            catch (PostgresException ex) when (attempt < MaxAttempts && RetryableStates.Contains(ex.SqlState))
            {
                _logger.TransactionRetried(Server, ex.SqlState, attempt + 1);
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(1, 10 * attempt)), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>A read on a pooled connection of its own, outside any transaction.</summary>
    private async Task<T> ReadAsync<T>(Func<NpgsqlConnection, CancellationToken, Task<T>> read, CancellationToken cancellationToken)
    {
        ThrowIfNotInitialized(true);
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            return await read(connection, cancellationToken).ConfigureAwait(false);
        }
    }

    private void ThrowIfNotInitialized(bool required)
    {
        if (required && !_initialized)
        {
            throw new InvalidOperationException("The PostgreSQL store is not initialized; call InitializeAsync first.");
        }
    }
}
