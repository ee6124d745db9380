// The embedded store: one SQLite file in WAL mode. Writes go through SqliteWriter (group
// commit); reads use their own pooled connections so they never wait for the writer.
using System.Text.Json;
using EdgeFlows.Durable.History;
using EdgeFlows.Durable.Serialization;
using Microsoft.Data.Sqlite;

namespace EdgeFlows.Durable.Stores.Sqlite;

/// <summary>The <see cref="IOrchestrationStore"/> on SQLite; see <see cref="SqliteStoreOptions"/>.</summary>
public sealed partial class SqliteOrchestrationStore : IOrchestrationStore
{
    /// <summary>
    /// Tables whose names start with this prefix belong to other EdgeFlows components that keep
    /// their data in the store's file (the embedded model registry's are <c>ext_models_*</c>).
    /// The store leaves them alone: it neither refuses a file for holding them nor takes them as
    /// a sign that the file is already a store. Each such component creates, versions and
    /// migrates its own tables, and must itself refuse a file that is not an EdgeFlows database.
    /// </summary>
    public const string ExtensionTablePrefix = "ext_";

    private readonly SqliteStoreOptions _options;
    private readonly TimeProvider _time;
    private readonly string _connectionString;
    private SqliteConnection? _writeConnection;
    private SqliteWriter? _writer;
    private readonly Lock _initializationLock = new();
    private Task? _initialization;

    /// <summary>Creates the store; call <see cref="InitializeAsync"/> before use.</summary>
    public SqliteOrchestrationStore(SqliteStoreOptions options, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.DataSource);
        if (options.Synchronous is not ("FULL" or "NORMAL" or "EXTRA"))
        {
            throw new ArgumentException($"Sqlite:Synchronous must be FULL, NORMAL or EXTRA, not '{options.Synchronous}'.", nameof(options));
        }

        _options = options;
        _time = timeProvider ?? TimeProvider.System;
        _connectionString = new SqliteConnectionStringBuilder
        {
            // A private in-memory database lives as long as the writer's connection; every
            // read then goes through the writer too (see ReadAsync).
            DataSource = options.IsInMemory ? ":memory:" : Path.GetFullPath(options.DataSource),
            Pooling = !options.IsInMemory,
            DefaultTimeout = options.BusyTimeoutSeconds,
        }.ToString();
    }

    /// <inheritdoc />
    public WorkSignals Signals { get; } = new();

    private SqliteWriter Writer => _writer ?? throw new InvalidOperationException("The SQLite store is not initialized; call InitializeAsync first.");

    private DateTime UtcNow => _time.GetUtcNow().UtcDateTime;

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
        var source = _options.DataSource;
        var connection = new SqliteConnection(_connectionString);
        try
        {
            if (!_options.IsInMemory)
            {
                var directory = Path.GetDirectoryName(Path.GetFullPath(source));
                if (!string.IsNullOrEmpty(directory))
                {
                    Directory.CreateDirectory(directory);
                }
            }

            connection.Open();
            connection.Execute(null, $"PRAGMA synchronous = {_options.Synchronous}");
            connection.Execute(null, "PRAGMA foreign_keys = OFF");

            // Checked before anything is written: switching to WAL rewrites the file header,
            // and a database that is not ours must be left exactly as it was.
            SqliteSchema.Verify(connection, source, _options.VerifyIntegrityOnStart);
            if (!_options.IsInMemory)
            {
                connection.Execute(null, "PRAGMA journal_mode = WAL");
            }
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode is 26 or 11)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw new StoreCorruptedException($"The file '{source}' is not a SQLite database or is damaged ({ex.Message}). Nothing was changed.", ex);
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        var writer = new SqliteWriter(connection, _options.MaxWriteBatch, _options.Synchronous);
        try
        {
            await writer.ExecuteAsync((c, t) =>
            {
                SqliteSchema.Create(c, t);
                return true;
            }).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode is 26 or 11)
        {
            writer.Dispose();
            await connection.DisposeAsync().ConfigureAwait(false);
            throw new StoreCorruptedException($"The file '{source}' is not a SQLite database or is damaged ({ex.Message}). Nothing was changed.", ex);
        }
        catch
        {
            writer.Dispose();
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        _writeConnection = connection;
        _writer = writer;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        _writer?.Dispose();
        _writer = null;
        if (_writeConnection is not null)
        {
            await _writeConnection.DisposeAsync().ConfigureAwait(false);
            _writeConnection = null;
        }

        if (!_options.IsInMemory)
        {
            SqliteConnection.ClearPool(new SqliteConnection(_connectionString));
        }
    }

    /// <inheritdoc />
    public Task<bool> CreateInstanceAsync(NewOrchestration orchestration, OrchestrationIdReusePolicy reusePolicy, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(orchestration);
        return Writer.ExecuteAsync(
            (c, t) => InsertInstance(c, t, orchestration, reusePolicy, UtcNow),
            created =>
            {
                if (created)
                {
                    Signals.Orchestrations.Set();
                }
            }).WaitAsync(cancellationToken);
    }

    /// <inheritdoc />
    public Task SendMessageAsync(string instanceId, HistoryEvent message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        return Writer.ExecuteAsync(
            (c, t) =>
            {
                var status = c.Scalar(t, "SELECT status FROM instances WHERE instance_id = $id", ("$id", instanceId)) as string
                    ?? throw new OrchestrationNotFoundException(instanceId);
                var parsed = Enum.Parse<OrchestrationRuntimeStatus>(status);
                if (parsed.IsTerminal())
                {
                    throw new InvalidOperationException($"The instance '{instanceId}' is {parsed}; it takes no more messages.");
                }

                InsertMessage(c, t, instanceId, message, UtcNow);
                return true;
            },
            _ => Signals.Orchestrations.Set()).WaitAsync(cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<HistoryEvent>> GetHistoryAsync(string instanceId, CancellationToken cancellationToken = default) =>
        ReadAsync<IReadOnlyList<HistoryEvent>>(
            (c, t) =>
            {
                using var command = c.Command(t, "SELECT seq, event FROM history WHERE instance_id = $id ORDER BY seq", ("$id", instanceId));
                using var reader = command.ExecuteReader();
                var events = new List<HistoryEvent>();
                while (reader.Read())
                {
                    try
                    {
                        events.Add(DataConverter.DeserializeEvent(reader.GetString(1)));
                    }
                    catch (JsonException ex)
                    {
                        throw new StoreCorruptedException($"History event #{reader.GetInt64(0)} of instance '{instanceId}' is unreadable: {ex.Message}", ex);
                    }
                }

                return events;
            },
            cancellationToken);

    /// <inheritdoc />
    public Task<DateTime?> GetNextDueTimeAsync(CancellationToken cancellationToken = default) =>
        ReadAsync(
            (c, t) => c.Scalar(t, "SELECT MIN(next_due) FROM instances WHERE next_due > $now", ("$now", UtcNow.Ticks)) is long ticks
                ? SqliteCommands.ToUtc(ticks)
                : (DateTime?)null,
            cancellationToken);

    /// <inheritdoc />
    public Task<QueueDepth> GetQueueDepthAsync(CancellationToken cancellationToken = default) =>
        ReadAsync(
            (c, t) =>
            {
                var now = UtcNow.Ticks;
                var orchestrations = (long)c.Scalar(t, "SELECT COUNT(*) FROM instances WHERE next_due <= $now", ("$now", now))!;
                var activities = (long)c.Scalar(t, "SELECT COUNT(*) FROM activities WHERE lock_expires < $now", ("$now", now))!;
                return new QueueDepth(orchestrations, activities);
            },
            cancellationToken);

    /// <summary>
    /// Runs a read on a pooled connection of its own (WAL lets it run beside the writer), or
    /// through the writer for an in-memory database, which has only one connection; there the
    /// read runs inside the writer's transaction, so its commands must be given it.
    /// </summary>
    private Task<T> ReadAsync<T>(Func<SqliteConnection, SqliteTransaction?, T> read, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (_options.IsInMemory)
        {
            return Writer.ExecuteAsync((c, t) => read(c, t), durable: false).WaitAsync(cancellationToken);
        }

        _ = Writer;
        using var connection = new SqliteConnection(_connectionString);
        connection.Open();
        return Task.FromResult(read(connection, null));
    }

    private static bool InsertInstance(SqliteConnection c, SqliteTransaction t, NewOrchestration orchestration, OrchestrationIdReusePolicy reusePolicy, DateTime now)
    {
        var started = orchestration.Started;
        if (c.Scalar(t, "SELECT status FROM instances WHERE instance_id = $id", ("$id", started.InstanceId)) is string existing)
        {
            var status = Enum.Parse<OrchestrationRuntimeStatus>(existing);
            switch (reusePolicy)
            {
                case OrchestrationIdReusePolicy.SkipIfExists:
                    return false;
                case OrchestrationIdReusePolicy.ReplaceIfFinished when status.IsTerminal():
                    DeleteInstance(c, t, started.InstanceId);
                    break;
                default:
                    throw new OrchestrationAlreadyExistsException(started.InstanceId, status);
            }
        }

        c.Execute(
            t,
            """
            INSERT INTO instances(instance_id, execution_id, name, status, input, parent_instance_id, created_at, last_updated_at)
            VALUES ($id, $execution, $name, 'Pending', $input, $parent, $now, $now)
            """,
            ("$id", started.InstanceId),
            ("$execution", started.ExecutionId),
            ("$name", started.Name),
            ("$input", started.Input),
            ("$parent", started.ParentInstanceId),
            ("$now", now.Ticks));
        InsertMessage(c, t, started.InstanceId, started, orchestration.StartAt ?? now);
        return true;
    }

    private static void InsertMessage(SqliteConnection c, SqliteTransaction t, string instanceId, HistoryEvent message, DateTime due) =>
        InsertMessage(c, t, instanceId, DataConverter.SerializeEvent(message), due);

    /// <summary>Inserts a message serialized beforehand (off the writer thread, which every write waits for).</summary>
    private static void InsertMessage(SqliteConnection c, SqliteTransaction t, string instanceId, string messageJson, DateTime due)
    {
        c.Execute(
            t,
            "INSERT INTO inbox(instance_id, event, due) VALUES ($id, $event, $due)",
            ("$id", instanceId),
            ("$event", messageJson),
            ("$due", due.Ticks));
        c.Execute(
            t,
            "UPDATE instances SET next_due = MIN(COALESCE(next_due, $due), $due) WHERE instance_id = $id",
            ("$id", instanceId),
            ("$due", due.Ticks));
    }

    private static void DeleteInstance(SqliteConnection c, SqliteTransaction t, string instanceId)
    {
        foreach (var table in (ReadOnlySpan<string>)["history", "inbox", "activities", "instances"])
        {
            c.Execute(t, $"DELETE FROM {table} WHERE instance_id = $id", ("$id", instanceId));
        }
    }
}
