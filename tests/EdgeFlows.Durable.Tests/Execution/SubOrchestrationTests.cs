using EdgeFlows.Durable.Client;
using EdgeFlows.Durable.Tests.Infrastructure;

namespace EdgeFlows.Durable.Tests.Execution;

public sealed class SubOrchestrationTests
{
    private sealed class Double : TaskOrchestrator<int, int>
    {
        public override Task<int> RunAsync(OrchestrationContext context, int input) => Task.FromResult(input * 2);
    }

    private sealed class Broken : TaskOrchestrator<string?, int>
    {
        public override Task<int> RunAsync(OrchestrationContext context, string? input) =>
            throw new InvalidOperationException("The child could not go on.");
    }

    private sealed class CallsDouble : TaskOrchestrator<int, int>
    {
        public override Task<int> RunAsync(OrchestrationContext context, int input) =>
            context.CallSubOrchestratorAsync<int>(nameof(Double), input);
    }

    [Fact]
    public async Task CallSubOrchestratorAsync_ChildCompletes_ReturnsItsOutput()
    {
        await using var host = await DurableTestHost.StartAsync(r => r.AddOrchestrator<CallsDouble>().AddOrchestrator<Double>());

        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(CallsDouble), 21);
        var done = await host.WaitForCompletionAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.Status);
        Assert.Equal(42, done.ReadOutputAs<int>());
    }

    public sealed record CaughtFailure(string TaskName, string ErrorType, string ErrorMessage);

    private sealed class CatchesChildFailure : TaskOrchestrator<string?, CaughtFailure>
    {
        public override async Task<CaughtFailure> RunAsync(OrchestrationContext context, string? input)
        {
            try
            {
                await context.CallSubOrchestratorAsync<int>(nameof(Broken));
                throw new InvalidOperationException("The child should have failed.");
            }
            catch (TaskFailedException ex)
            {
                return new CaughtFailure(ex.TaskName, ex.FailureDetails.ErrorType, ex.FailureDetails.ErrorMessage);
            }
        }
    }

    [Fact]
    public async Task CallSubOrchestratorAsync_ChildFails_ThrowsTaskFailedExceptionWithTheChildsFailure()
    {
        await using var host = await DurableTestHost.StartAsync(r => r.AddOrchestrator<CatchesChildFailure>().AddOrchestrator<Broken>());

        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(CatchesChildFailure));
        var done = await host.WaitForCompletionAsync(id);

        Assert.Equal(
            new CaughtFailure(nameof(Broken), typeof(InvalidOperationException).FullName!, "The child could not go on."),
            done.ReadOutputAs<CaughtFailure>());
    }

    private sealed class LetsChildFailureEscape : TaskOrchestrator<string?, int>
    {
        public override Task<int> RunAsync(OrchestrationContext context, string? input) =>
            context.CallSubOrchestratorAsync<int>(nameof(Broken));
    }

    [Fact]
    public async Task CallSubOrchestratorAsync_ChildFailureUnhandled_ParentFailsWithChildFailureInside()
    {
        await using var host = await DurableTestHost.StartAsync(r => r.AddOrchestrator<LetsChildFailureEscape>().AddOrchestrator<Broken>());

        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(LetsChildFailureEscape));
        var done = await host.WaitForCompletionAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, done.Status);
        Assert.Equal(typeof(TaskFailedException).FullName, done.Failure!.ErrorType);
        var inner = done.Failure.InnerFailure!;
        Assert.Equal(typeof(InvalidOperationException).FullName, inner.ErrorType);
        Assert.Equal("The child could not go on.", inner.ErrorMessage);
        Assert.Contains(nameof(Broken), inner.StackTrace, StringComparison.Ordinal);
    }

    private sealed class CallsNamedChild : TaskOrchestrator<string, int>
    {
        public override Task<int> RunAsync(OrchestrationContext context, string childId) =>
            context.CallSubOrchestratorAsync<int>(nameof(Double), 5, new SubOrchestrationOptions(InstanceId: childId));
    }

    [Fact]
    public async Task CallSubOrchestratorAsync_ExplicitInstanceId_ChildRunsUnderThatId()
    {
        await using var host = await DurableTestHost.StartAsync(r => r.AddOrchestrator<CallsNamedChild>().AddOrchestrator<Double>());

        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(CallsNamedChild), "my-child");
        var done = await host.WaitForCompletionAsync(id);
        var child = await host.Client.GetInstanceAsync("my-child");

        Assert.Equal(10, done.ReadOutputAs<int>());
        Assert.NotNull(child);
        Assert.Equal(nameof(Double), child.Name);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, child.Status);
        Assert.Equal(id, child.ParentInstanceId);
    }

    private sealed class CallsMissingChild : TaskOrchestrator<string?, string>
    {
        public override async Task<string> RunAsync(OrchestrationContext context, string? input)
        {
            try
            {
                await context.CallSubOrchestratorAsync<int>("NoSuchChild");
                return "unexpected success";
            }
            catch (TaskFailedException ex)
            {
                return ex.FailureDetails.ErrorType;
            }
        }
    }

    [Fact]
    public async Task CallSubOrchestratorAsync_UnknownChildName_ThrowsTaskFailedExceptionOrchestratorNotFound()
    {
        await using var host = await DurableTestHost.StartAsync(r => r.AddOrchestrator<CallsMissingChild>());

        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(CallsMissingChild));
        var done = await host.WaitForCompletionAsync(id);

        Assert.Equal("OrchestratorNotFound", done.ReadOutputAs<string>());
    }
}
