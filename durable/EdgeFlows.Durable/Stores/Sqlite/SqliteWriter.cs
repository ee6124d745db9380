// Group commit for SQLite. SQLite has one writer at a time, and a durable commit costs an
// fsync; so every write goes through one thread that takes all writes waiting at that
// moment and commits them in one transaction. A write that fails (a lost lease, say) rolls
// back alone while the others commit: the batch then runs again with a savepoint per write.
// A batch of only
// lease operations (locks, renewals, releases) commits without an fsync: losing a lease to a
// power cut is harmless (it would expire anyway), and the next durable commit syncs it too.
using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;

namespace EdgeFlows.Durable.Stores.Sqlite;

/// <summary>Runs write operations on one connection, batching concurrent ones into one transaction.</summary>
internal sealed class SqliteWriter : IDisposable
{
    private readonly BlockingCollection<WriteOperation> _queue = new();
    private readonly SqliteConnection _connection;
    private readonly int _maxBatch;
    private readonly Thread _thread;

    private readonly string _synchronous;
    private string _currentSynchronous;

    public SqliteWriter(SqliteConnection connection, int maxBatch, string synchronous)
    {
        _connection = connection;
        _synchronous = synchronous;
        _currentSynchronous = synchronous;
        _maxBatch = maxBatch;
        _thread = new Thread(Run) { IsBackground = true, Name = "EdgeFlows SQLite writer" };
        _thread.Start();
    }

    /// <summary>Runs <paramref name="work"/> inside the next batch's transaction.</summary>
    /// <param name="work">The operation; it may throw to roll back its own savepoint.</param>
    /// <param name="afterCommit">Runs once the batch is committed (e.g. to wake dispatchers).</param>
    /// <param name="durable">False for lease operations, which need no fsync of their own.</param>
    public Task<T> ExecuteAsync<T>(Func<SqliteConnection, SqliteTransaction, T> work, Action<T>? afterCommit = null, bool durable = true)
    {
        var operation = new WriteOperation<T>(work, afterCommit, durable);
        try
        {
            _queue.Add(operation);
        }
        catch (InvalidOperationException)
        {
            throw new ObjectDisposedException(nameof(SqliteWriter), "The SQLite store has been disposed.");
        }

        return operation.Completion.Task;
    }

    public void Dispose()
    {
        _queue.CompleteAdding();
        _thread.Join(TimeSpan.FromSeconds(30));
        _queue.Dispose();
    }

    private void Run()
    {
        var batch = new List<WriteOperation>(_maxBatch);
        foreach (var first in _queue.GetConsumingEnumerable())
        {
            batch.Clear();
            batch.Add(first);
            while (batch.Count < _maxBatch && _queue.TryTake(out var next))
            {
                batch.Add(next);
            }

            RunBatch(batch);
        }
    }

    private void RunBatch(List<WriteOperation> batch)
    {
        try
        {
            SetSynchronous(batch.Exists(o => o.Durable) ? _synchronous : "NORMAL");

            // Optimistic first: the whole batch in one transaction without savepoints (two
            // statements saved per operation). Operations rarely fail (a lost lease); when one
            // does, the batch is rolled back and run again with a savepoint per operation.
            if (batch.Count == 1 || !TryRunWithoutSavepoints(batch))
            {
                RunWithSavepoints(batch);
            }
        }
        catch (Exception ex)
        {
            // Nothing of the batch was committed: every operation fails, keeping its own
            // error if it had one.
            foreach (var operation in batch)
            {
                operation.Fail(ex);
            }
        }

        foreach (var operation in batch)
        {
            operation.Complete();
        }
    }

    private bool TryRunWithoutSavepoints(List<WriteOperation> batch)
    {
        using var transaction = _connection.BeginTransaction(deferred: false);
        try
        {
            foreach (var operation in batch)
            {
                operation.Run(_connection, transaction);
            }
        }
        catch (Exception ex) when (ex is not SqliteException { SqliteErrorCode: 10 or 13 })
        {
            transaction.Rollback();
            return false;
        }

        transaction.Commit();
        return true;
    }

    private void RunWithSavepoints(List<WriteOperation> batch)
    {
        using var transaction = _connection.BeginTransaction(deferred: false);
        if (batch.Count == 1)
        {
            // One operation needs no savepoint: its failure rolls back its own transaction.
            batch[0].Run(_connection, transaction);
        }

        for (var i = 0; i < batch.Count && batch.Count > 1; i++)
        {
            var savepoint = "op" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            transaction.Save(savepoint);
            try
            {
                batch[i].Run(_connection, transaction);
                transaction.Release(savepoint);
            }
            catch (Exception ex) when (ex is not SqliteException { SqliteErrorCode: 10 or 13 })
            {
                // Disk I/O errors (10) and a full disk (13) end the whole batch.
                transaction.Rollback(savepoint);
                transaction.Release(savepoint);
                batch[i].Fail(ex);
            }
        }

        transaction.Commit();
    }

    private void SetSynchronous(string mode)
    {
        if (_currentSynchronous != mode)
        {
            _connection.Execute(null, $"PRAGMA synchronous = {mode}");
            _currentSynchronous = mode;
        }
    }

    private abstract class WriteOperation(bool durable)
    {
        public bool Durable { get; } = durable;

        public abstract void Run(SqliteConnection connection, SqliteTransaction transaction);

        public abstract void Fail(Exception exception);

        public abstract void Complete();
    }

    private sealed class WriteOperation<T>(Func<SqliteConnection, SqliteTransaction, T> work, Action<T>? afterCommit, bool durable) : WriteOperation(durable)
    {
        private T _result = default!;
        private Exception? _error;

        public TaskCompletionSource<T> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override void Run(SqliteConnection connection, SqliteTransaction transaction) =>
            _result = work(connection, transaction);

        public override void Fail(Exception exception) => _error ??= exception;

        public override void Complete()
        {
            if (_error is not null)
            {
                Completion.TrySetException(_error);
                return;
            }

            afterCommit?.Invoke(_result);
            Completion.TrySetResult(_result);
        }
    }
}
