using EdgeFlows.Durable.Client;
using EdgeFlows.Durable.Tests.Infrastructure;

namespace EdgeFlows.Durable.Tests.Execution;

public sealed class SmokeTests
{
    private sealed class Greet : TaskActivity<string, string>
    {
        public override Task<string> RunAsync(TaskActivityContext context, string input, CancellationToken cancellationToken) =>
            Task.FromResult($"Hello, {input}!");
    }

    private sealed class HelloSequence : TaskOrchestrator<string, List<string>>
    {
        public override async Task<List<string>> RunAsync(OrchestrationContext context, string input)
        {
            var results = new List<string>();
            foreach (var city in new[] { "Tokyo", "Seattle", input })
            {
                results.Add(await context.CallActivityAsync<string>(nameof(Greet), city));
            }

            return results;
        }
    }

    [Fact]
    public async Task HelloSequence_ThreeActivities_CompletesWithAllResultsInOrder()
    {
        await using var host = await DurableTestHost.StartAsync(r => r.AddOrchestrator<HelloSequence>().AddActivity<Greet>());

        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(HelloSequence), "London");
        var done = await host.WaitForCompletionAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.Status);
        Assert.Equal(["Hello, Tokyo!", "Hello, Seattle!", "Hello, London!"], done.ReadOutputAs<List<string>>());
    }

    [Fact]
    public async Task HostStart_Returned_StoreIsReady()
    {
        await using var host = await DurableTestHost.StartAsync(r => r.AddOrchestrator<HelloSequence>().AddActivity<Greet>());

        // The worker readies the store before the host reports started, not some time after.
        Assert.True(File.Exists(host.DatabasePath));
    }

    [Fact]
    public async Task HostStart_StoreCannotBeCreated_FailsTheStart()
    {
        var blocker = Path.Combine(Path.GetTempPath(), "edgeflows-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.GetDirectoryName(blocker)!);
        await File.WriteAllTextAsync(blocker, "a file where the store's folder should be");
        try
        {
            var error = await Assert.ThrowsAnyAsync<Exception>(
                () => DurableTestHost.StartAsync(r => r.AddOrchestrator<HelloSequence>(), databasePath: Path.Combine(blocker, "store.db")));

            Assert.Contains(blocker, error.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(blocker);
        }
    }
}
