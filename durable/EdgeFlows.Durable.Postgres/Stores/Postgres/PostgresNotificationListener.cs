// Cross-host wake-ups. Every commit that creates work another host could take also runs
// pg_notify in its transaction (delivered only if it commits); this listener holds one
// connection that LISTENs on the store's channel and turns other stores' notifications into
// this process's WorkSignals, which the dispatchers already wait on. A lost connection is
// reopened with back-off; meanwhile the dispatchers' polling is the fallback, and every
// (re)connection wakes them once for what was committed while nobody listened.
using Microsoft.Extensions.Logging;
using Npgsql;

namespace EdgeFlows.Durable.Stores.Postgres;

internal sealed class PostgresNotificationListener : IAsyncDisposable
{
    /// <summary>In a payload: orchestration work (messages) was committed.</summary>
    public const char OrchestrationWork = 'o';

    /// <summary>In a payload: activity work was committed or released.</summary>
    public const char ActivityWork = 'a';

    private readonly NpgsqlDataSource _dataSource;
    private readonly string _channel;
    private readonly string _storeId;
    private readonly WorkSignals _signals;
    private readonly PostgresStoreOptions _options;
    private readonly ILogger _logger;
    private readonly string _server;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _lock = new();
    private TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task? _loop;
    private int _connections;

    public PostgresNotificationListener(NpgsqlDataSource dataSource, string channel, string storeId, WorkSignals signals, PostgresStoreOptions options, ILogger logger, string server)
    {
        _dataSource = dataSource;
        _channel = channel;
        _storeId = storeId;
        _signals = signals;
        _options = options;
        _logger = logger;
        _server = server;
    }

    /// <summary>How many times the listening connection has been opened (tests watch reconnects).</summary>
    public int Connections => Volatile.Read(ref _connections);

    /// <summary>The payload announcing work of the given kinds from store <paramref name="storeId"/>.</summary>
    public static string Payload(string storeId, bool orchestrations, bool activities) =>
        $"{storeId}:{(orchestrations ? OrchestrationWork.ToString() : string.Empty)}{(activities ? ActivityWork.ToString() : string.Empty)}";

    /// <summary>Completes once the current connection listens (tests wait for it before committing).</summary>
    public Task WhenListeningAsync()
    {
        lock (_lock)
        {
            return _listening.Task;
        }
    }

    public void Start() => _loop = Task.Run(() => RunAsync(_stopping.Token));

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        if (_loop is not null)
        {
            await _loop.ConfigureAwait(false);
        }

        _stopping.Dispose();
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        var delay = _options.ListenReconnectMinDelay;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await ListenAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // Whatever broke the connection, listening must resume: a listener that gave up
                // would leave this host on polling alone without a word.
                lock (_lock)
                {
                    if (_listening.Task.IsCompleted)
                    {
                        _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
                    }
                }

                _logger.ListenFailed(_server, delay.TotalMilliseconds, ex);
                try
                {
                    await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _options.ListenReconnectMaxDelay.Ticks));
            }
        }
    }

    private async Task ListenAsync(CancellationToken cancellationToken)
    {
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            connection.Notification += OnNotification;
            var listen = new NpgsqlCommand($"LISTEN \"{_channel}\"", connection);
            await using (listen.ConfigureAwait(false))
            {
                await listen.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            Interlocked.Increment(ref _connections);
            _logger.Listening(_channel, _server);

            // Work committed while nobody listened was announced to no one: look for it once.
            _signals.Orchestrations.Set();
            _signals.Activities.Set();
            lock (_lock)
            {
                _listening.TrySetResult();
            }

            while (true)
            {
                if (!await connection.WaitAsync(_options.ListenKeepAlive, cancellationToken).ConfigureAwait(false))
                {
                    // Silence may be a connection dropped without a word: ask, bounded by the command timeout.
                    var ping = new NpgsqlCommand("SELECT 1", connection);
                    await using (ping.ConfigureAwait(false))
                    {
                        await ping.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
                    }
                }
            }
        }
    }

    private void OnNotification(object sender, NpgsqlNotificationEventArgs e)
    {
        var payload = e.Payload;
        var colon = payload.LastIndexOf(':');
        if (colon < 0 || payload.AsSpan(0, colon).SequenceEqual(_storeId))
        {
            // Not ours to read, or our own commit, whose signals were set in this process already.
            return;
        }

        var kinds = payload.AsSpan(colon + 1);
        if (kinds.Contains(OrchestrationWork))
        {
            _signals.Orchestrations.Set();
        }

        if (kinds.Contains(ActivityWork))
        {
            _signals.Activities.Set();
        }
    }
}
