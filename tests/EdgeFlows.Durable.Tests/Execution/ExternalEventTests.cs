using EdgeFlows.Durable.Client;
using EdgeFlows.Durable.History;
using EdgeFlows.Durable.Tests.Infrastructure;

namespace EdgeFlows.Durable.Tests.Execution;

public sealed class ExternalEventTests
{
    private sealed class AwaitApproval : TaskOrchestrator<string?, string>
    {
        public override Task<string> RunAsync(OrchestrationContext context, string? input) =>
            context.WaitForExternalEvent<string>("Approval");
    }

    /// <summary>Waits for "first", then for "second", so "second" can be raised before its wait begins.</summary>
    private sealed class FirstThenSecond : TaskOrchestrator<string?, string>
    {
        public override async Task<string> RunAsync(OrchestrationContext context, string? input)
        {
            var first = await context.WaitForExternalEvent<string>("first");
            var second = await context.WaitForExternalEvent<string>("second");
            return $"{first}+{second}";
        }
    }

    [Fact]
    public async Task WaitForExternalEvent_RaisedAfterWaiting_ReturnsThePayload()
    {
        await using var host = await DurableTestHost.StartAsync(r => r.AddOrchestrator<AwaitApproval>());

        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(AwaitApproval));
        await host.WaitForAsync(id, i => i.Status == OrchestrationRuntimeStatus.Running);
        await host.Client.RaiseEventAsync(id, "Approval", "yes");
        var done = await host.WaitForCompletionAsync(id);

        Assert.Equal("yes", done.ReadOutputAs<string>());
    }

    [Fact]
    public async Task WaitForExternalEvent_RaisedBeforeWaiting_IsKeptUntilTheWait()
    {
        await using var host = await DurableTestHost.StartAsync(r => r.AddOrchestrator<FirstThenSecond>());

        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(FirstThenSecond));
        await host.WaitForAsync(id, i => i.Status == OrchestrationRuntimeStatus.Running);
        await host.Client.RaiseEventAsync(id, "second", "b");
        await host.WaitForHistoryAsync(id, h => h.OfType<EventRaised>().Any());
        await host.Client.RaiseEventAsync(id, "first", "a");
        var done = await host.WaitForCompletionAsync(id);

        Assert.Equal("a+b", done.ReadOutputAs<string>());
    }

    [Fact]
    public async Task WaitForExternalEvent_RaisedBeforeTheFirstTurn_IsDelivered()
    {
        using var database = new TestDatabase();
        string id;
        await using (var client = await DurableTestHost.StartAsync(r => r.AddOrchestrator<AwaitApproval>(), databasePath: database.Path, startWorker: false))
        {
            id = await client.Client.ScheduleNewOrchestrationInstanceAsync(nameof(AwaitApproval));
            await client.Client.RaiseEventAsync(id, "Approval", "early");
        }

        await using var worker = await DurableTestHost.StartAsync(r => r.AddOrchestrator<AwaitApproval>(), databasePath: database.Path);
        var done = await worker.WaitForCompletionAsync(id);

        Assert.Equal("early", done.ReadOutputAs<string>());
    }

    [Fact]
    public async Task WaitForExternalEvent_NameInOtherCase_MatchesCaseInsensitively()
    {
        await using var host = await DurableTestHost.StartAsync(r => r.AddOrchestrator<AwaitApproval>());

        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(AwaitApproval));
        await host.WaitForAsync(id, i => i.Status == OrchestrationRuntimeStatus.Running);
        await host.Client.RaiseEventAsync(id, "APPROVAL", "shouted");
        var done = await host.WaitForCompletionAsync(id);

        Assert.Equal("shouted", done.ReadOutputAs<string>());
    }

    private sealed class TwoOfTheSameName : TaskOrchestrator<string?, string>
    {
        public override async Task<string> RunAsync(OrchestrationContext context, string? input)
        {
            var first = await context.WaitForExternalEvent<int>("tick");
            var second = await context.WaitForExternalEvent<int>("tick");
            return $"{first},{second}";
        }
    }

    [Fact]
    public async Task WaitForExternalEvent_TwoEventsOfOneName_DeliveredInArrivalOrder()
    {
        await using var host = await DurableTestHost.StartAsync(r => r.AddOrchestrator<TwoOfTheSameName>());

        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(TwoOfTheSameName));
        await host.Client.RaiseEventAsync(id, "tick", 1);
        await host.Client.RaiseEventAsync(id, "tick", 2);
        var done = await host.WaitForCompletionAsync(id);

        Assert.Equal("1,2", done.ReadOutputAs<string>());
    }

    private sealed class ApprovalWithTimeout : TaskOrchestrator<double, string>
    {
        public override async Task<string> RunAsync(OrchestrationContext context, double timeoutSeconds)
        {
            try
            {
                return await context.WaitForExternalEvent<string>("Approval", TimeSpan.FromSeconds(timeoutSeconds));
            }
            catch (TaskCanceledException)
            {
                return "timed out";
            }
        }
    }

    [Theory]
    [InlineData(1000)]
    [InlineData(0)]
    public async Task WaitForExternalEvent_TimeoutExpires_ThrowsTaskCanceledException(int cacheSize)
    {
        await using var host = await DurableTestHost.StartAsync(r => r.AddOrchestrator<ApprovalWithTimeout>(), o => o.OrchestrationCacheSize = cacheSize);

        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(ApprovalWithTimeout), 0.3);
        var done = await host.WaitForCompletionAsync(id);
        var history = await host.Client.GetHistoryAsync(id);

        Assert.Equal("timed out", done.ReadOutputAs<string>());
        Assert.Single(history.OfType<TimerFired>());
    }

    [Theory]
    [InlineData(1000)]
    [InlineData(0)]
    public async Task WaitForExternalEvent_EventBeforeTimeout_ReturnsThePayload(int cacheSize)
    {
        await using var host = await DurableTestHost.StartAsync(r => r.AddOrchestrator<ApprovalWithTimeout>(), o => o.OrchestrationCacheSize = cacheSize);

        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(ApprovalWithTimeout), 60.0);
        await host.WaitForHistoryAsync(id, h => h.OfType<TimerCreated>().Any());
        await host.Client.RaiseEventAsync(id, "Approval", "in time");
        var done = await host.WaitForCompletionAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.Status);
        Assert.Equal("in time", done.ReadOutputAs<string>());
    }

    [Fact]
    public async Task WaitForExternalEvent_RaisedWhileHostIsDown_DeliveredAfterRestart()
    {
        using var database = new TestDatabase();
        string id;
        await using (var first = await DurableTestHost.StartAsync(r => r.AddOrchestrator<AwaitApproval>(), databasePath: database.Path))
        {
            id = await first.Client.ScheduleNewOrchestrationInstanceAsync(nameof(AwaitApproval));
            await first.WaitForAsync(id, i => i.Status == OrchestrationRuntimeStatus.Running);
        }

        await using (var client = await DurableTestHost.StartAsync(r => r.AddOrchestrator<AwaitApproval>(), databasePath: database.Path, startWorker: false))
        {
            await client.Client.RaiseEventAsync(id, "Approval", "while down");
        }

        await using var second = await DurableTestHost.StartAsync(r => r.AddOrchestrator<AwaitApproval>(), databasePath: database.Path);
        var done = await second.WaitForCompletionAsync(id);

        Assert.Equal("while down", done.ReadOutputAs<string>());
    }

    [Fact]
    public async Task WaitForExternalEvent_RaisedBeforeWaitWhileHostIsDown_DeliveredAfterRestart()
    {
        using var database = new TestDatabase();
        string id;
        await using (var first = await DurableTestHost.StartAsync(r => r.AddOrchestrator<FirstThenSecond>(), databasePath: database.Path))
        {
            id = await first.Client.ScheduleNewOrchestrationInstanceAsync(nameof(FirstThenSecond));
            await first.WaitForAsync(id, i => i.Status == OrchestrationRuntimeStatus.Running);
        }

        await using (var client = await DurableTestHost.StartAsync(r => r.AddOrchestrator<FirstThenSecond>(), databasePath: database.Path, startWorker: false))
        {
            await client.Client.RaiseEventAsync(id, "second", "b");
            await client.Client.RaiseEventAsync(id, "first", "a");
        }

        await using var second = await DurableTestHost.StartAsync(r => r.AddOrchestrator<FirstThenSecond>(), databasePath: database.Path);
        var done = await second.WaitForCompletionAsync(id);

        Assert.Equal("a+b", done.ReadOutputAs<string>());
    }
}
