using EdgeFlows.Durable.Client;
using EdgeFlows.Durable.History;
using EdgeFlows.Durable.Tests.Infrastructure;

namespace EdgeFlows.Durable.Tests.Execution;

public sealed class ContinueAsNewTests
{
    public sealed record Counter(int Value, int Until);

    private sealed class CountTo : TaskOrchestrator<Counter, int>
    {
        public override async Task<int> RunAsync(OrchestrationContext context, Counter input)
        {
            var next = await context.CallActivityAsync<int>(nameof(Increment), input.Value);
            if (next < input.Until)
            {
                context.ContinueAsNew(input with { Value = next });
            }

            return next;
        }
    }

    private sealed class Increment : TaskActivity<int, int>
    {
        public override Task<int> RunAsync(TaskActivityContext context, int input, CancellationToken cancellationToken) =>
            Task.FromResult(input + 1);
    }

    [Fact]
    public async Task ContinueAsNew_CounterLoop_RunsEachExecutionAndCompletesWithTheLastValue()
    {
        await using var host = await DurableTestHost.StartAsync(r => r.AddOrchestrator<CountTo>().AddActivity<Increment>());

        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(CountTo), new Counter(0, 10));
        var done = await host.WaitForCompletionAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.Status);
        Assert.Equal(10, done.ReadOutputAs<int>());
        Assert.Equal(new Counter(9, 10), done.ReadInputAs<Counter>());
    }

    [Fact]
    public async Task ContinueAsNew_CounterLoop_HistoryHoldsOnlyTheLastExecution()
    {
        await using var host = await DurableTestHost.StartAsync(r => r.AddOrchestrator<CountTo>().AddActivity<Increment>());

        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(CountTo), new Counter(0, 5));
        var done = await host.WaitForCompletionAsync(id);
        var history = await host.Client.GetHistoryAsync(id);

        var started = Assert.Single(history.OfType<ExecutionStarted>());
        Assert.Equal(done.ExecutionId, started.ExecutionId);
        Assert.Equal(new Counter(4, 5), DataConverterReads.Payload<Counter>(started.Input));
        Assert.Single(history.OfType<TaskScheduled>());
        var completed = Assert.Single(history.OfType<ExecutionCompleted>());
        Assert.Equal(OrchestrationRuntimeStatus.Completed, completed.Status);
    }

    public sealed record CarryInput(int Execution, bool Preserve, double WaitSeconds);

    /// <summary>
    /// Execution 0 waits for "go"; an "extra" event raised before it stays unprocessed and the
    /// orchestrator continues as new. Execution 1 then waits for "extra".
    /// </summary>
    private sealed class CarryEvents : TaskOrchestrator<CarryInput, string>
    {
        public override async Task<string> RunAsync(OrchestrationContext context, CarryInput input)
        {
            if (input.Execution == 0)
            {
                await context.WaitForExternalEvent<string>("go");
                context.ContinueAsNew(input with { Execution = 1 }, input.Preserve);
                return "continued";
            }

            try
            {
                return await context.WaitForExternalEvent<string>("extra", TimeSpan.FromSeconds(input.WaitSeconds));
            }
            catch (TaskCanceledException)
            {
                return "no extra event";
            }
        }
    }

    [Fact]
    public async Task ContinueAsNew_PreserveUnprocessedEvents_NextExecutionReceivesEarlierEvent()
    {
        await using var host = await DurableTestHost.StartAsync(r => r.AddOrchestrator<CarryEvents>());

        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(CarryEvents), new CarryInput(0, true, 30));
        await host.WaitForAsync(id, i => i.Status == OrchestrationRuntimeStatus.Running);
        await host.Client.RaiseEventAsync(id, "extra", "kept");
        await host.Client.RaiseEventAsync(id, "go");
        var done = await host.WaitForCompletionAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.Status);
        Assert.Equal("kept", done.ReadOutputAs<string>());
    }

    [Fact]
    public async Task ContinueAsNew_DropUnprocessedEvents_NextExecutionDoesNotSeeEarlierEvent()
    {
        await using var host = await DurableTestHost.StartAsync(r => r.AddOrchestrator<CarryEvents>());

        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(CarryEvents), new CarryInput(0, false, 1));
        await host.WaitForAsync(id, i => i.Status == OrchestrationRuntimeStatus.Running);
        await host.Client.RaiseEventAsync(id, "extra", "dropped");
        await host.Client.RaiseEventAsync(id, "go");
        var done = await host.WaitForCompletionAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.Status);
        Assert.Equal("no extra event", done.ReadOutputAs<string>());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ContinueAsNew_EventBehindTheOneThatEndedTheExecution_ReachesTheNextExecution(bool preserve)
    {
        using var database = new TestDatabase();
        string id;
        await using (var first = await DurableTestHost.StartAsync(r => r.AddOrchestrator<CarryEvents>(), databasePath: database.Path))
        {
            id = await first.Client.ScheduleNewOrchestrationInstanceAsync(nameof(CarryEvents), new CarryInput(0, preserve, 30));
            await first.WaitForAsync(id, i => i.Status == OrchestrationRuntimeStatus.Running);
        }

        // Raised while no host runs, so both arrive in one turn: "go" ends the execution and
        // "extra" was never seen by it.
        await using (var client = await DurableTestHost.StartAsync(r => r.AddOrchestrator<CarryEvents>(), databasePath: database.Path, startWorker: false))
        {
            await client.Client.RaiseEventAsync(id, "go");
            await client.Client.RaiseEventAsync(id, "extra", "next in line");
        }

        await using var second = await DurableTestHost.StartAsync(r => r.AddOrchestrator<CarryEvents>(), databasePath: database.Path);
        var done = await second.WaitForCompletionAsync(id);

        Assert.Equal("next in line", done.ReadOutputAs<string>());
    }

    [Fact]
    public async Task ContinueAsNew_TerminateBehindTheEventThatEndedTheExecution_TerminatesTheNextExecution()
    {
        using var database = new TestDatabase();
        string id;
        await using (var first = await DurableTestHost.StartAsync(r => r.AddOrchestrator<CarryEvents>(), databasePath: database.Path))
        {
            id = await first.Client.ScheduleNewOrchestrationInstanceAsync(nameof(CarryEvents), new CarryInput(0, true, 30));
            await first.WaitForAsync(id, i => i.Status == OrchestrationRuntimeStatus.Running);
        }

        await using (var client = await DurableTestHost.StartAsync(r => r.AddOrchestrator<CarryEvents>(), databasePath: database.Path, startWorker: false))
        {
            await client.Client.RaiseEventAsync(id, "go");
            await client.Client.TerminateInstanceAsync(id, "Stop the loop.");
        }

        await using var second = await DurableTestHost.StartAsync(r => r.AddOrchestrator<CarryEvents>(), databasePath: database.Path);
        var done = await second.WaitForCompletionAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Terminated, done.Status);
        Assert.Equal("Stop the loop.", done.ReadOutputAs<string>());
    }

    /// <summary>Waits for an event with a timeout, continues as new, then waits on a timer with the same task id.</summary>
    private sealed class EventThenContinue : TaskOrchestrator<int, string>
    {
        public override async Task<string> RunAsync(OrchestrationContext context, int input)
        {
            if (input == 0)
            {
                await context.WaitForExternalEvent<string>("go", TimeSpan.FromSeconds(1));
                context.ContinueAsNew(1);
                return "continued";
            }

            // Task #0 of this execution; the earlier execution's timeout timer was #0 too.
            var fireAt = context.CurrentUtcDateTime.AddSeconds(1.5);
            await context.CreateTimer(fireAt, CancellationToken.None);
            return context.CurrentUtcDateTime >= fireAt ? "on time" : "woken early";
        }
    }

    [Fact]
    public async Task ContinueAsNew_PendingTimerOfEndedExecution_DoesNotReachTheNextExecution()
    {
        await using var host = await DurableTestHost.StartAsync(r => r.AddOrchestrator<EventThenContinue>());

        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(EventThenContinue), 0);
        await host.WaitForHistoryAsync(id, h => h.OfType<TimerCreated>().Any());
        await host.Client.RaiseEventAsync(id, "go");
        var done = await host.WaitForCompletionAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.Status);
        Assert.Equal("on time", done.ReadOutputAs<string>());
    }
}
