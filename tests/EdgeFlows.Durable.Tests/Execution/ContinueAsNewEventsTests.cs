using EdgeFlows.Durable.Client;
using EdgeFlows.Durable.Stores;
using EdgeFlows.Durable.Tests.Infrastructure;

namespace EdgeFlows.Durable.Tests.Execution;

/// <summary>
/// Continue-as-new with preserveUnprocessedEvents carries every event the ending execution
/// did not await, also those that arrive in the same turn after the message that ends it.
/// </summary>
public sealed class ContinueAsNewEventsTests
{
    /// <summary>First execution: waits for "Go" and continues as new. Second: returns the "Late" event.</summary>
    private sealed class GoThenLate : TaskOrchestrator<int, string>
    {
        public override async Task<string> RunAsync(OrchestrationContext context, int input)
        {
            if (input == 0)
            {
                await context.WaitForExternalEvent<string>("Go");
                context.ContinueAsNew(1, preserveUnprocessedEvents: true);
                return string.Empty;
            }

            return await context.WaitForExternalEvent<string>("Late", TimeSpan.FromSeconds(30));
        }
    }

    [Fact]
    public async Task ContinueAsNew_EventInTheSameTurnAfterTheEnd_IsCarriedToTheNextExecution()
    {
        // Both events are queued before any worker runs, so the first turn takes
        // [ExecutionStarted, Go, Late]: "Late" arrives after the code has continued as new.
        var directory = Path.Combine(Path.GetTempPath(), "edgeflows-tests", Guid.NewGuid().ToString("N"));
        var database = Path.Combine(directory, "store.db");
        string id;
        OrchestrationInstance done;
        try
        {
            await using (var client = await DurableTestHost.StartAsync(r => r.AddOrchestrator<GoThenLate>(), databasePath: database, startWorker: false))
            {
                id = await client.Client.ScheduleNewOrchestrationInstanceAsync(nameof(GoThenLate), 0);
                await client.Client.RaiseEventAsync(id, "Go", "go");
                await client.Client.RaiseEventAsync(id, "Late", "late");
            }

            await using var host = await DurableTestHost.StartAsync(r => r.AddOrchestrator<GoThenLate>(), databasePath: database);
            done = await host.WaitForCompletionAsync(id, TimeSpan.FromSeconds(60));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.Status);
        Assert.Equal("late", done.ReadOutputAs<string>());
    }
}
