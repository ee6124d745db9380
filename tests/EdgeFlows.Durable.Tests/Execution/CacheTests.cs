using EdgeFlows.Durable.Client;
using EdgeFlows.Durable.History;
using EdgeFlows.Durable.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EdgeFlows.Durable.Tests.Execution;

/// <summary>
/// The orchestration cache must never change results: an always-replaying host, a cached
/// host, and a cache too small for the running instances all compute the same thing.
/// </summary>
public sealed class CacheTests
{
    private const int Steps = 300;

    /// <summary>An order-sensitive step, so a lost, repeated or reordered step changes the result.</summary>
    private sealed class Mix : TaskActivity<long[], long>
    {
        public override Task<long> RunAsync(TaskActivityContext context, long[] input, CancellationToken cancellationToken) =>
            Task.FromResult(Next(input[0], input[1]));
    }

    private static long Next(long accumulator, long step) => ((accumulator * 31) + step) % 1_000_000_007;

    private static long Expected(int steps, long seed) =>
        Enumerable.Range(1, steps).Aggregate(seed, (accumulator, step) => Next(accumulator, step));

    /// <summary>Counts how often orchestrator code is built, i.e. replayed from the start of its history.</summary>
    public sealed class BuildCounter
    {
        private int _count;

        public int Count => Volatile.Read(ref _count);

        public void Increment() => Interlocked.Increment(ref _count);
    }

    public sealed record Run(int Steps, long Seed);

    private sealed class Sequence : TaskOrchestrator<Run, long>
    {
        public Sequence(BuildCounter builds) => builds.Increment();

        public override async Task<long> RunAsync(OrchestrationContext context, Run input)
        {
            var accumulator = input.Seed;
            for (var step = 1; step <= input.Steps; step++)
            {
                accumulator = await context.CallActivityAsync<long>(nameof(Mix), new[] { accumulator, step });
            }

            return accumulator;
        }
    }

    private sealed class AwaitsEvent : TaskOrchestrator<string?, string>
    {
        public override Task<string> RunAsync(OrchestrationContext context, string? input) =>
            context.WaitForExternalEvent<string>("go");
    }

    private static Task<DurableTestHost> StartAsync(BuildCounter builds, int? cacheSize, ILoggerProvider? logs = null) => DurableTestHost.StartAsync(
        r => r.AddOrchestrator<Sequence>().AddOrchestrator<AwaitsEvent>().AddActivity<Mix>(),
        o =>
        {
            if (cacheSize is { } size)
            {
                o.OrchestrationCacheSize = size;
            }
        },
        s =>
        {
            s.AddSingleton(builds);
            if (logs is not null)
            {
                s.AddSingleton(logs);
            }
        });

    [Fact]
    public async Task LongSequence_NoCache_ReplaysEveryTurnAndCompletesCorrectly()
    {
        var builds = new BuildCounter();
        await using var host = await StartAsync(builds, cacheSize: 0);

        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(Sequence), new Run(Steps, 7));
        var done = await host.WaitForCompletionAsync(id, TimeSpan.FromSeconds(60));

        Assert.Equal(Expected(Steps, 7), done.ReadOutputAs<long>());
        Assert.Equal(Steps + 1, builds.Count);
    }

    [Fact]
    public async Task LongSequence_DefaultCache_CompletesCorrectlyWithoutReplayingEveryTurn()
    {
        var builds = new BuildCounter();
        await using var host = await StartAsync(builds, cacheSize: null);

        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(Sequence), new Run(Steps, 7));
        var done = await host.WaitForCompletionAsync(id, TimeSpan.FromSeconds(60));

        Assert.Equal(Expected(Steps, 7), done.ReadOutputAs<long>());
        Assert.Equal(1, builds.Count);
    }

    [Fact]
    public async Task ConcurrentSequences_CacheOfOne_EvictAndStillCompleteCorrectly()
    {
        var builds = new BuildCounter();
        await using var host = await StartAsync(builds, cacheSize: 1);

        var ids = new List<(string Id, long Seed)>();
        for (var seed = 1; seed <= 5; seed++)
        {
            ids.Add((await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(Sequence), new Run(40, seed)), seed));
        }

        foreach (var (id, seed) in ids)
        {
            var done = await host.WaitForCompletionAsync(id, TimeSpan.FromSeconds(60));
            Assert.Equal(OrchestrationRuntimeStatus.Completed, done.Status);
            Assert.Equal(Expected(40, seed), done.ReadOutputAs<long>());
        }
    }

    [Fact]
    public async Task CacheOfOne_EvictsAnInstanceNotStartedYet_WithoutDispatchFailures()
    {
        var logs = new CapturingLoggerProvider("EdgeFlows.Durable.Dispatch.OrchestrationDispatcher");
        await using var host = await StartAsync(new BuildCounter(), cacheSize: 1, logs);

        // An event ahead of a scheduled start runs a turn whose state is cached before the start.
        var waiting = await host.Client.ScheduleNewOrchestrationInstanceAsync(
            nameof(AwaitsEvent), options: new StartOrchestrationOptions(StartAt: DateTime.UtcNow.AddSeconds(1)));
        await host.Client.RaiseEventAsync(waiting, "go", "went");
        await host.WaitForHistoryAsync(waiting, h => h.OfType<EventRaised>().Any());
        var sequence = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(Sequence), new Run(3, 1));

        Assert.Equal(Expected(3, 1), (await host.WaitForCompletionAsync(sequence)).ReadOutputAs<long>());
        Assert.Equal("went", (await host.WaitForCompletionAsync(waiting)).ReadOutputAs<string>());
        Assert.Empty(logs.Messages);
    }
}
