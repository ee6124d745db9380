// Several hosts on one PostgreSQL store, each a real runtime host with its own store object in
// this process: they share the work without doing any of it twice, a host that loses the
// database has its work taken over once its leases expire, and NOTIFY wakes an idle host.
using System.Collections.Concurrent;
using EdgeFlows.Durable.Client;
using EdgeFlows.Durable.History;
using EdgeFlows.Durable.Hosting;
using EdgeFlows.Durable.Stores.Postgres;
using EdgeFlows.Durable.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using TestPostgres = EdgeFlows.Tests.Shared.Postgres;

namespace EdgeFlows.Durable.Tests.Stores.Postgres;

public sealed class PostgresMultiHostTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(120);

    /// <summary>Which host a service provider belongs to.</summary>
    public sealed record HostName(string Value);

    /// <summary>Every activity execution, by idempotency key, with the host and delivery that ran it.</summary>
    public sealed class Ledger
    {
        public ConcurrentDictionary<string, ConcurrentQueue<(string Host, int DeliveryCount)>> Runs { get; } = new();

        public void Add(TaskActivityContext context, HostName host) =>
            Runs.GetOrAdd(context.IdempotencyKey, _ => new()).Enqueue((host.Value, context.DeliveryCount));
    }

    private sealed class Record(Ledger ledger, HostName host) : TaskActivity<int, int>
    {
        public override Task<int> RunAsync(TaskActivityContext context, int input, CancellationToken cancellationToken)
        {
            ledger.Add(context, host);
            return Task.FromResult(input);
        }
    }

    private sealed class FanOutThenOne : TaskOrchestrator<int, int>
    {
        public override async Task<int> RunAsync(OrchestrationContext context, int input)
        {
            var parallel = await Task.WhenAll(Enumerable.Range(0, 3).Select(i => context.CallActivityAsync<int>(nameof(Record), (input * 10) + i)));
            var last = await context.CallActivityAsync<int>(nameof(Record), (input * 10) + 3);
            return parallel.Sum() + last;
        }
    }

    [Fact]
    public async Task TwoHosts_ManyOrchestrations_EachCompletesOnceAndEachActivityRunsOnce()
    {
        const int Instances = 40;
        var schema = database.NewSchema();
        var ledger = new Ledger();
        await using var hostA = await StartAsync("a", schema, ledger, o => o.MaxConcurrentOrchestrations = 4);
        await using var hostB = await StartAsync("b", schema, ledger, o => o.MaxConcurrentOrchestrations = 4);

        var ids = new List<string>();
        for (var i = 0; i < Instances; i++)
        {
            var client = i % 2 == 0 ? hostA.Client : hostB.Client;
            ids.Add(await client.ScheduleNewOrchestrationInstanceAsync(nameof(FanOutThenOne), i));
        }

        for (var i = 0; i < Instances; i++)
        {
            var done = await hostA.WaitForCompletionAsync(ids[i], Generous);
            var history = await hostA.Client.GetHistoryAsync(ids[i]);
            Assert.Equal(OrchestrationRuntimeStatus.Completed, done.Status);
            Assert.Equal((i * 40) + 6, done.ReadOutputAs<int>());
            Assert.Single(history.OfType<ExecutionCompleted>());
            Assert.Equal(4, history.OfType<TaskScheduled>().Count());
            Assert.Equal(4, history.OfType<TaskCompleted>().Count());
        }

        Assert.Equal(Instances * 4, ledger.Runs.Count);
        Assert.All(ledger.Runs, run => Assert.Single(run.Value));

        // Both shared the work (in practice close to half each: 160 calls, both hosts awake).
        Assert.Equal(["a", "b"], ledger.Runs.Values.SelectMany(v => v).Select(r => r.Host).Distinct().Order());
    }

    /// <summary>Host "a" holds its call until released; any other host runs it at once.</summary>
    public sealed class Gate
    {
        public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Released { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private sealed class HeldOnA(Ledger ledger, HostName host, Gate gate) : TaskActivity<string?, string>
    {
        public override async Task<string> RunAsync(TaskActivityContext context, string? input, CancellationToken cancellationToken)
        {
            ledger.Add(context, host);
            if (host.Value == "a")
            {
                gate.Started.TrySetResult();
                await gate.Released.Task;
            }

            return $"done by {host.Value}";
        }
    }

    private sealed class CallsHeld : TaskOrchestrator<string?, string>
    {
        public override Task<string> RunAsync(OrchestrationContext context, string? input) =>
            context.CallActivityAsync<string>(nameof(HeldOnA));
    }

    [Fact]
    public async Task HostLosesTheDatabase_ItsActivityLeaseExpires_OtherHostRunsItAndCompletes()
    {
        var schema = database.NewSchema();
        await InitializeSchemaAsync(schema);
        var role = $"host_{Guid.NewGuid():N}";
        var password = Guid.NewGuid().ToString("N");
        await TestPostgres.ExecuteAsync(database.ConnectionString, $"CREATE ROLE \"{role}\" LOGIN SUPERUSER PASSWORD '{password}'");
        var asRole = new NpgsqlConnectionStringBuilder(database.ConnectionString) { Username = role, Password = password }.ConnectionString;
        var ledger = new Ledger();
        var gate = new Gate();
        try
        {
            await using var hostA = await StartAsync("a", schema, ledger, o => o.ActivityLease = TimeSpan.FromSeconds(3), gate, asRole, r => r.AddActivity<HeldOnA>().AddOrchestrator<CallsHeld>());
            var id = await hostA.Client.ScheduleNewOrchestrationInstanceAsync(nameof(CallsHeld));
            await gate.Started.Task.WaitAsync(Generous);

            // Host a dies as far as the store can tell: it can neither renew nor release its lease.
            await TestPostgres.ExecuteAsync(
                database.ConnectionString,
                $"ALTER ROLE \"{role}\" NOLOGIN; SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE usename = '{role}'");
            await using var hostB = await StartAsync("b", schema, ledger, o => o.ActivityLease = TimeSpan.FromSeconds(3), gate, register: r => r.AddActivity<HeldOnA>().AddOrchestrator<CallsHeld>());

            var done = await hostB.WaitForCompletionAsync(id, Generous);

            Assert.Equal(OrchestrationRuntimeStatus.Completed, done.Status);
            Assert.Equal("done by b", done.ReadOutputAs<string>());
            var runs = Assert.Single(ledger.Runs).Value.ToList();
            Assert.Equal([("a", 1), ("b", 2)], runs);
            gate.Released.TrySetResult();
        }
        finally
        {
            gate.Released.TrySetResult();
            await TestPostgres.ExecuteAsync(
                database.ConnectionString,
                $"SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE usename = '{role}'; DROP ROLE IF EXISTS \"{role}\"");
        }
    }

    [Fact]
    public async Task IdleHostWithoutPolling_WorkScheduledByAnotherHost_IsWokenByNotification()
    {
        var schema = database.NewSchema();
        var ledger = new Ledger();

        // Polling every ten minutes: only a notification can explain a run within the wait.
        Action<DurableRuntimeOptions> noPolling = o => (o.MinPollInterval, o.MaxPollInterval) = (TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(10));
        await using var client = await StartAsync("client", schema, ledger, startWorker: false);
        var first = await client.Client.ScheduleNewOrchestrationInstanceAsync(nameof(FanOutThenOne), 1);
        await using var worker = await StartAsync("worker", schema, ledger, noPolling);

        // The first run is found by the worker's start-up poll; it is idle once that is done.
        Assert.Equal(OrchestrationRuntimeStatus.Completed, (await worker.WaitForCompletionAsync(first, Generous)).Status);
        var second = await client.Client.ScheduleNewOrchestrationInstanceAsync(nameof(FanOutThenOne), 2);

        var done = await worker.WaitForCompletionAsync(second, Generous);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.Status);
        Assert.Equal(86, done.ReadOutputAs<int>());
    }

    private async Task InitializeSchemaAsync(string schema)
    {
        await using var store = new PostgresOrchestrationStore(database.Options(schema));
        await store.InitializeAsync();
    }

    private Task<DurableTestHost> StartAsync(
        string name,
        string schema,
        Ledger ledger,
        Action<DurableRuntimeOptions>? configure = null,
        Gate? gate = null,
        string? connectionString = null,
        Action<DurableRuntimeBuilder>? register = null,
        bool startWorker = true) =>
        DurableTestHost.StartAsync(
            r =>
            {
                r.UsePostgres(o =>
                {
                    o.ConnectionString = connectionString ?? database.ConnectionString;
                    o.Schema = schema;
                });
                (register ?? (b => b.AddOrchestrator<FanOutThenOne>().AddActivity<Record>()))(r);
            },
            o =>
            {
                o.WorkerId = $"host-{name}";
                configure?.Invoke(o);
            },
            services =>
            {
                services.AddSingleton(ledger);
                services.AddSingleton(new HostName(name));
                services.AddSingleton(gate ?? new Gate());
            },
            startWorker: startWorker);
}
