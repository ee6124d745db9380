// LISTEN/NOTIFY between stores on one schema: what one commits wakes the other's dispatchers
// at once; a listening connection that is cut reconnects and keeps doing so; its failures are
// logged without the password.
using EdgeFlows.Durable.History;
using EdgeFlows.Durable.Stores;
using EdgeFlows.Durable.Stores.Postgres;
using EdgeFlows.Durable.Tests.Infrastructure;
using Microsoft.Extensions.Logging;
using TestPostgres = EdgeFlows.Tests.Shared.Postgres;

namespace EdgeFlows.Durable.Tests.Stores.Postgres;

public sealed class PostgresNotificationTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task CreateInstanceAsync_OnAnotherStore_WakesThisStoresOrchestrationDispatchers()
    {
        var schema = database.NewSchema();
        await using var writer = await OpenAsync(schema);
        await using var listener = await OpenAsync(schema);

        // Twice: the first wake could also come from the listener's own (re)connection.
        for (var round = 0; round < 2; round++)
        {
            await DrainAsync(listener.Signals.Orchestrations);

            await writer.CreateInstanceAsync(new NewOrchestration(Started($"created-{round}")), OrchestrationIdReusePolicy.Error);

            Assert.True(await listener.Signals.Orchestrations.WaitAsync(Wait, CancellationToken.None));
        }
    }

    [Fact]
    public async Task CompleteOrchestrationAsync_ActivitiesLeftUnclaimed_WakeAnotherStoresActivityDispatchers()
    {
        var schema = database.NewSchema();
        await using var writer = await OpenAsync(schema);
        await using var listener = await OpenAsync(schema);
        await writer.CreateInstanceAsync(new NewOrchestration(Started("caller")), OrchestrationIdReusePolicy.Error);
        var item = Assert.Single(await writer.LockNextOrchestrationsAsync("host-a", 10, Lease));
        await DrainAsync(listener.Signals.Activities);

        await writer.CompleteOrchestrationAsync(item, new OrchestrationTurn(
            [new OrchestratorStarted(DateTime.UtcNow), .. item.Messages.Select(m => m.Event), new TaskScheduled(DateTime.UtcNow, 0, "Greet", null, 1)],
            [.. item.Messages.Select(m => m.Id)],
            OrchestrationRuntimeStatus.Running,
            Activities: [new ActivityRequest(0, "Greet", null, 1, null)]));

        Assert.True(await listener.Signals.Activities.WaitAsync(Wait, CancellationToken.None));
        Assert.Single(await listener.LockNextActivitiesAsync("host-b", 10, Lease));
    }

    [Fact]
    public async Task Listener_ConnectionTerminated_ReconnectsAndWakesAgain()
    {
        var schema = database.NewSchema();
        await using var writer = await OpenAsync(schema);
        await using var listener = await OpenAsync(schema);

        await TerminateListenersAsync();
        await WaitUntilAsync(() => listener.Listener!.Connections >= 2);
        await listener.Listener!.WhenListeningAsync().WaitAsync(Wait);

        for (var round = 0; round < 2; round++)
        {
            await DrainAsync(listener.Signals.Orchestrations);

            await writer.CreateInstanceAsync(new NewOrchestration(Started($"after-reconnect-{round}")), OrchestrationIdReusePolicy.Error);

            Assert.True(await listener.Signals.Orchestrations.WaitAsync(Wait, CancellationToken.None));
        }
    }

    [Fact]
    public async Task Listener_ConnectionTerminated_LogsTheFailureWithoutThePassword()
    {
        var logs = new CapturingLoggerProvider(typeof(PostgresOrchestrationStore).FullName!);
        using var loggerFactory = LoggerFactory.Create(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Trace));
        await using var store = await OpenAsync(database.NewSchema(), loggerFactory);

        await TerminateListenersAsync();
        await WaitUntilAsync(() => store.Listener!.Connections >= 2);

        Assert.Contains(logs.Messages, m => m.Contains("listening connection", StringComparison.Ordinal) && m.Contains("failed", StringComparison.Ordinal));
        Assert.All(logs.Messages, m => Assert.DoesNotContain(TestPostgres.Password, m, StringComparison.Ordinal));
    }

    private async Task<PostgresOrchestrationStore> OpenAsync(string schema, ILoggerFactory? loggerFactory = null)
    {
        var options = database.Options(schema);
        options.ListenReconnectMinDelay = TimeSpan.FromMilliseconds(100);
        var store = new PostgresOrchestrationStore(options, loggerFactory: loggerFactory);
        await store.InitializeAsync();
        await store.Listener!.WhenListeningAsync().WaitAsync(Wait);
        return store;
    }

    private async Task TerminateListenersAsync() =>
        await TestPostgres.ExecuteAsync(
            database.ConnectionString,
            $"SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = current_database() AND application_name LIKE '%{PostgresOrchestrationStore.ListenerApplicationSuffix}'");

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Wait;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The condition did not hold in time.");
            await Task.Delay(20);
        }
    }

    private static async Task DrainAsync(AsyncSignal signal)
    {
        while (await signal.WaitAsync(TimeSpan.Zero, CancellationToken.None))
        {
        }
    }

    private static ExecutionStarted Started(string instanceId) =>
        new(DateTime.UtcNow, "Greeter", instanceId, instanceId + "-exec-1", null, null, null, null);
}
