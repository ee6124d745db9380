using EdgeFlows.Durable.Client;
using EdgeFlows.Durable.Hosting;
using EdgeFlows.Durable.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace EdgeFlows.Durable.Tests.Execution;

/// <summary>
/// Work that keeps being delivered without a commit is failed after MaxDeliveryCount
/// deliveries. Crashed hosts are played by a "ghost" owner that leases the work through the
/// store with a 1 ms lease and never commits.
/// </summary>
public sealed class PoisonTests
{
    private const int MaxDeliveries = 3;

    private static readonly TimeSpan GhostLease = TimeSpan.FromMilliseconds(1);

    /// <summary>Holds until the host cancels it, so stopping the host releases the call undone.</summary>
    private sealed class Fragile(Gate gate) : TaskActivity<string?, string>
    {
        public override async Task<string> RunAsync(TaskActivityContext context, string? input, CancellationToken cancellationToken)
        {
            await gate.PassAsync(cancellationToken);
            return "ran";
        }
    }

    private sealed class CallsFragile : TaskOrchestrator<string?, string>
    {
        public override Task<string> RunAsync(OrchestrationContext context, string? input) =>
            context.CallActivityAsync<string>(nameof(Fragile));
    }

    private sealed class Quick : TaskOrchestrator<int, int>
    {
        public override Task<int> RunAsync(OrchestrationContext context, int input) => Task.FromResult(input);
    }

    private static Task<DurableTestHost> StartAsync(string databasePath, Gate gate, bool startWorker = true) => DurableTestHost.StartAsync(
        r => r.AddOrchestrator<CallsFragile>().AddOrchestrator<Quick>().AddActivity<Fragile>(),
        o =>
        {
            o.MaxDeliveryCount = MaxDeliveries;
            o.ShutdownTimeout = TimeSpan.FromMilliseconds(100);
        },
        s => s.AddSingleton(gate),
        databasePath,
        startWorker);

    [Fact]
    public async Task Activity_DeliveredTooOftenWithoutCompleting_FailsWithPoisonWorkItem()
    {
        using var database = new TestDatabase();
        string id;
        await using (var crashing = await StartAsync(database.Path, new Gate()))
        {
            id = await crashing.Client.ScheduleNewOrchestrationInstanceAsync(nameof(CallsFragile));
            await crashing.Services.GetRequiredService<Gate>().WaitUntilEnteredAsync();
        }

        // The stopped host handed its running call back cleanly, which does not count as a
        // delivery; the ghost's leases, which expire unreleased like a crashed host's, do.
        await using (var ghost = await StartAsync(database.Path, new Gate(), startWorker: false))
        {
            await ghost.Store.InitializeAsync();
            for (var delivery = 1; delivery <= MaxDeliveries; delivery++)
            {
                var leased = Assert.Single(await ghost.Store.LockNextActivitiesAsync("ghost", 10, GhostLease));
                Assert.Equal(delivery, leased.DeliveryCount);
                await Task.Delay(GhostLease * 5);
            }
        }

        var gate = new Gate();
        await using var worker = await StartAsync(database.Path, gate);
        var done = await worker.WaitForCompletionAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, done.Status);
        Assert.Equal(typeof(TaskFailedException).FullName, done.Failure!.ErrorType);
        Assert.Equal("PoisonWorkItem", done.Failure.InnerFailure!.ErrorType);
        Assert.Contains(nameof(Fragile), done.Failure.InnerFailure.ErrorMessage, StringComparison.Ordinal);
        Assert.False(gate.HasBeenEntered, "A poison call must not run again.");
    }

    [Fact]
    public async Task Orchestration_DeliveredTooOftenWithoutCommitting_FailsWithPoisonWorkItemAndHostGoesOn()
    {
        using var database = new TestDatabase();
        string id;
        await using (var ghost = await StartAsync(database.Path, new Gate(), startWorker: false))
        {
            id = await ghost.Client.ScheduleNewOrchestrationInstanceAsync(nameof(Quick), 1);
            for (var delivery = 1; delivery <= MaxDeliveries; delivery++)
            {
                var leased = Assert.Single(await ghost.Store.LockNextOrchestrationsAsync("ghost", 10, GhostLease));
                Assert.Equal(delivery, leased.DeliveryCount);
                await Task.Delay(GhostLease * 5);
            }
        }

        await using var worker = await StartAsync(database.Path, new Gate());
        var done = await worker.WaitForCompletionAsync(id);
        var healthy = await worker.Client.ScheduleNewOrchestrationInstanceAsync(nameof(Quick), 2);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, done.Status);
        Assert.Equal("PoisonWorkItem", done.Failure!.ErrorType);
        Assert.Contains($"limit is {MaxDeliveries}", done.Failure.ErrorMessage, StringComparison.Ordinal);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, (await worker.WaitForCompletionAsync(healthy)).Status);
    }
}
