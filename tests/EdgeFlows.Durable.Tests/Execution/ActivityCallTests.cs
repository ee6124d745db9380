using EdgeFlows.Durable.Client;
using EdgeFlows.Durable.History;
using EdgeFlows.Durable.Tests.Infrastructure;

namespace EdgeFlows.Durable.Tests.Execution;

public sealed class ActivityCallTests
{
    public sealed record Order(string Item, int Quantity);

    private sealed class PriceOrder : TaskActivity<Order, decimal>
    {
        public override Task<decimal> RunAsync(TaskActivityContext context, Order input, CancellationToken cancellationToken) =>
            Task.FromResult(input.Quantity * 2.5m);
    }

    private sealed class TypedCaller : TaskOrchestrator<Order, decimal>
    {
        public override Task<decimal> RunAsync(OrchestrationContext context, Order input) =>
            context.CallActivityAsync<decimal>(nameof(PriceOrder), input);
    }

    [Fact]
    public async Task CallActivityAsync_TypedResult_ReturnsActivityOutput()
    {
        await using var host = await DurableTestHost.StartAsync(r => r.AddOrchestrator<TypedCaller>().AddActivity<PriceOrder>());

        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(TypedCaller), new Order("bolt", 4));
        var done = await host.WaitForCompletionAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.Status);
        Assert.Equal(10m, done.ReadOutputAs<decimal>());
    }

    private sealed class Touch : TaskActivity<string, string>
    {
        public override Task<string> RunAsync(TaskActivityContext context, string input, CancellationToken cancellationToken) =>
            Task.FromResult($"touched {input}");
    }

    private sealed class VoidCaller : TaskOrchestrator<string, string>
    {
        public override async Task<string> RunAsync(OrchestrationContext context, string input)
        {
            await context.CallActivityAsync(nameof(Touch), input);
            return "after";
        }
    }

    [Fact]
    public async Task CallActivityAsync_Void_WaitsForTheActivityToComplete()
    {
        await using var host = await DurableTestHost.StartAsync(r => r.AddOrchestrator<VoidCaller>().AddActivity<Touch>());

        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(VoidCaller), "x");
        var done = await host.WaitForCompletionAsync(id);
        var history = await host.Client.GetHistoryAsync(id);

        Assert.Equal("after", done.ReadOutputAs<string>());
        var scheduled = Assert.Single(history.OfType<TaskScheduled>());
        Assert.Equal(nameof(Touch), scheduled.Name);
        var completed = Assert.Single(history.OfType<TaskCompleted>());
        Assert.Equal("\"touched x\"", completed.Result);
        Assert.True(history.ToList().IndexOf(completed) < history.ToList().FindIndex(e => e is ExecutionCompleted));
    }

    private sealed class InputEcho : TaskOrchestrator<Order, Order?>
    {
        public override Task<Order?> RunAsync(OrchestrationContext context, Order input) =>
            Task.FromResult(context.GetInput<Order>());
    }

    [Fact]
    public async Task GetInput_TypedInput_ReturnsTheStartInput()
    {
        await using var host = await DurableTestHost.StartAsync(r => r.AddOrchestrator<InputEcho>());

        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(InputEcho), new Order("nut", 7));
        var done = await host.WaitForCompletionAsync(id);

        Assert.Equal(new Order("nut", 7), done.ReadOutputAs<Order>());
    }

    private sealed class ReportAttempt : TaskActivity<string?, string>
    {
        public override Task<string> RunAsync(TaskActivityContext context, string? input, CancellationToken cancellationToken) =>
            Task.FromResult($"{context.Name}|{context.InstanceId}|{context.IdempotencyKey}|{context.Attempt}|{context.DeliveryCount}");
    }

    private sealed class ContextReader : TaskOrchestrator<string?, string>
    {
        public override Task<string> RunAsync(OrchestrationContext context, string? input) =>
            context.CallActivityAsync<string>(nameof(ReportAttempt));
    }

    [Fact]
    public async Task ActivityContext_FirstDelivery_DescribesTheCall()
    {
        await using var host = await DurableTestHost.StartAsync(r => r.AddOrchestrator<ContextReader>().AddActivity<ReportAttempt>());

        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(ContextReader), options: new StartOrchestrationOptions("ctx-1"));
        var done = await host.WaitForCompletionAsync(id);

        var parts = done.ReadOutputAs<string>()!.Split('|');
        Assert.Equal(nameof(ReportAttempt), parts[0]);
        Assert.Equal("ctx-1", parts[1]);
        Assert.Equal($"ctx-1/{done.ExecutionId}/0", parts[2]);
        Assert.Equal(["1", "1"], parts[3..]);
    }
}
