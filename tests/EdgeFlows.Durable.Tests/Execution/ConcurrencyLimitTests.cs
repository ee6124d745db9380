// The activity concurrency limit holds even when a store leases more calls than it was asked
// for (a store bug: the PostgreSQL store once did, when the planner scanned its SKIP LOCKED
// subquery twice). The dispatcher refuses the surplus instead of running it on slots nobody
// reserved; the refused calls run after their leases expire, within the limit.
using System.Reflection;
using EdgeFlows.Durable.Client;
using EdgeFlows.Durable.Hosting;
using EdgeFlows.Durable.Stores;
using EdgeFlows.Durable.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace EdgeFlows.Durable.Tests.Execution;

public sealed class ConcurrencyLimitTests
{
    private const int Limit = 2;
    private const int Calls = 6;

    private sealed class Meter
    {
        private int _running;
        private int _peak;

        public int Peak => Volatile.Read(ref _peak);

        public async Task<int> RunAsync(int input)
        {
            var now = Interlocked.Increment(ref _running);
            int peak;
            while (now > (peak = Volatile.Read(ref _peak)) && Interlocked.CompareExchange(ref _peak, now, peak) != peak)
            {
            }

            await Task.Delay(TimeSpan.FromMilliseconds(150));
            Interlocked.Decrement(ref _running);
            return input;
        }
    }

    private sealed class Measured(Meter meter) : TaskActivity<int, int>
    {
        public override Task<int> RunAsync(TaskActivityContext context, int input, CancellationToken cancellationToken) => meter.RunAsync(input);
    }

    private sealed class FanOut : TaskOrchestrator<int, int>
    {
        public override async Task<int> RunAsync(OrchestrationContext context, int input)
        {
            var results = await Task.WhenAll(Enumerable.Range(1, input).Select(i => context.CallActivityAsync<int>(nameof(Measured), i)));
            return results.Sum();
        }
    }

    /// <summary>
    /// Forwards every call to the real store, but asks it for more calls than the dispatcher
    /// reserved, until once it got more than reserved.
    /// </summary>
    public class GreedyStore : DispatchProxy
    {
        private int _greedy = 1;

        public IOrchestrationStore Inner { get; set; } = null!;

        public int Surplus { get; set; }

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            ArgumentNullException.ThrowIfNull(targetMethod);
            var asked = -1;
            if (Volatile.Read(ref _greedy) == 1 && args is not null)
            {
                if (targetMethod.Name == nameof(IOrchestrationStore.CompleteOrchestrationAsync) && args[2] is WorkClaim claim)
                {
                    asked = claim.MaxItems;
                    args[2] = claim with { MaxItems = claim.MaxItems + Surplus };
                }
                else if (targetMethod.Name == nameof(IOrchestrationStore.LockNextActivitiesAsync))
                {
                    asked = (int)args[1]!;
                    args[1] = asked + Surplus;
                }
            }

            try
            {
                var result = targetMethod.Invoke(Inner, args);
                return asked < 0 ? result : WatchAsync((Task<IReadOnlyList<ActivityWorkItem>>)result!, asked);
            }
            catch (TargetInvocationException ex) when (ex.InnerException is not null)
            {
                throw ex.InnerException;
            }
        }

        private async Task<IReadOnlyList<ActivityWorkItem>> WatchAsync(Task<IReadOnlyList<ActivityWorkItem>> lease, int asked)
        {
            var items = await lease;
            if (items.Count > asked)
            {
                Volatile.Write(ref _greedy, 0);
            }

            return items;
        }

        public bool WasGreedy => Volatile.Read(ref _greedy) == 0;
    }

    [Fact]
    public async Task Dispatch_StoreLeasesMoreThanAsked_NeverRunsMoreThanTheLimit()
    {
        var meter = new Meter();
        GreedyStore? greedy = null;
        await using var host = await DurableTestHost.StartAsync(
            r =>
            {
                r.AddOrchestrator<FanOut>().AddActivity<Measured>();
                r.UseStore(sp =>
                {
                    var store = DispatchProxy.Create<IOrchestrationStore, GreedyStore>();
                    greedy = (GreedyStore)(object)store;
                    greedy.Inner = new Durable.Stores.Sqlite.SqliteOrchestrationStore(
                        sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<Durable.Stores.Sqlite.SqliteStoreOptions>>().Value,
                        sp.GetRequiredService<TimeProvider>());
                    greedy.Surplus = Calls;
                    return store;
                });
            },
            o =>
            {
                o.MaxConcurrentActivities = Limit;
                o.ActivityLease = TimeSpan.FromSeconds(3);
            },
            services: s => s.AddSingleton(meter));

        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(FanOut), Calls);
        var done = await host.WaitForCompletionAsync(id, TimeSpan.FromSeconds(90));

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.Status);
        Assert.Equal(Enumerable.Range(1, Calls).Sum(), done.ReadOutputAs<int>());
        Assert.True(greedy!.WasGreedy, "the store never leased more than asked: the test did not test anything");
        Assert.InRange(meter.Peak, 1, Limit);
    }
}
