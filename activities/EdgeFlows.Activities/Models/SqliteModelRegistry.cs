// The embedded model registry: tables in the durable store's SQLite file (WAL), reached over
// the registry's own pooled connections with a busy timeout, so it never waits on the store's
// writer thread and several hosts (processes) can share the file. Writes run in BEGIN
// IMMEDIATE transactions: taking the write lock up front is what makes "read the highest
// version, insert the next" atomic across connections and processes.
using EdgeFlows.Durable.Stores.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeFlows.Activities.Models;

/// <summary>The embedded <see cref="IModelRegistry"/>, in the durable store's SQLite database.</summary>
public sealed partial class SqliteModelRegistry : IModelRegistry, IAsyncDisposable
{
    private readonly string _source;
    private readonly string _connectionString;
    private readonly string? _temporaryFile;
    private readonly int _busyTimeoutMilliseconds;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly Lock _initializationLock = new();
    private Task? _initialization;

    /// <summary>Creates the registry; its tables are created on first use (or by <see cref="InitializeAsync"/>).</summary>
    public SqliteModelRegistry(SqliteModelRegistryOptions options, ILogger<SqliteModelRegistry>? logger = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.DataSource, nameof(options.DataSource));
        if (options.BusyTimeoutSeconds is < 0 or > 3600)
        {
            throw new ArgumentException($"Models:Sqlite:BusyTimeoutSeconds must be 0 to 3600, not {options.BusyTimeoutSeconds}.", nameof(options));
        }

        if (options.DataSource == ":memory:")
        {
            _temporaryFile = Path.Combine(Path.GetTempPath(), $"edgeflows-models-{Guid.NewGuid():N}.db");
        }

        _source = _temporaryFile ?? options.DataSource;
        _busyTimeoutMilliseconds = options.BusyTimeoutSeconds * 1000;
        _logger = logger ?? NullLogger<SqliteModelRegistry>.Instance;
        _time = timeProvider ?? TimeProvider.System;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path.GetFullPath(_source),
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = options.BusyTimeoutSeconds,
        }.ToString();
    }

    /// <summary>
    /// Checks the file and creates the registry's tables if missing. Safe to call at once from
    /// several threads, registries and processes. Every other method calls it first.
    /// </summary>
    /// <exception cref="ModelRegistryException">The file is not an EdgeFlows database, not SQLite, or has a newer registry schema; nothing was changed.</exception>
    public Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        lock (_initializationLock)
        {
            if (_initialization is null || _initialization.IsFaulted || _initialization.IsCanceled)
            {
                _initialization = Task.Run(Initialize, cancellationToken);
            }

            return _initialization;
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_initialization is { } initialization)
        {
            // Never leave a file half-created behind a disposed registry; its failure was reported to whoever awaited it.
            await initialization.ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default).ConfigureAwait(false);
        }

        using (var connection = new SqliteConnection(_connectionString))
        {
            SqliteConnection.ClearPool(connection);
        }

        if (_temporaryFile is not null)
        {
            foreach (var suffix in new[] { "", "-wal", "-shm" })
            {
                File.Delete(_temporaryFile + suffix);
            }
        }
    }

    private void Initialize()
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(_source));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        try
        {
            using var connection = OpenConnection();

            // Checked before anything is written: switching to WAL rewrites the file header, and
            // a database that is not ours must be left exactly as it was.
            SqliteModelRegistrySchema.Verify(connection, _source);
            connection.Execute(null, "PRAGMA journal_mode = WAL");
            using var transaction = connection.BeginTransaction();
            SqliteModelRegistrySchema.Create(connection, transaction);
            transaction.Commit();
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode is 26 or 11)
        {
            throw new ModelRegistryException($"The file '{_source}' is not a SQLite database or is damaged ({ex.Message}). Nothing was changed.", ex);
        }

        Logs.RegistryOpened(_logger, _source);
    }

    private SqliteConnection OpenConnection()
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            connection.Open();

            // Pooled connections keep these, but setting them costs nothing next to a registry write.
            connection.Execute(null, $"PRAGMA busy_timeout = {_busyTimeoutMilliseconds}; PRAGMA synchronous = FULL");
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Runs <paramref name="work"/> on a connection of its own, off the caller's thread (SQLite blocks while it waits for a lock).</summary>
    private async Task<T> RunAsync<T>(Func<SqliteConnection, T> work, CancellationToken cancellationToken)
    {
        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        return await Task.Run(
            () =>
            {
                using var connection = OpenConnection();
                return work(connection);
            },
            cancellationToken).ConfigureAwait(false);
    }

    private long NowTicks => _time.GetUtcNow().UtcTicks;
}
