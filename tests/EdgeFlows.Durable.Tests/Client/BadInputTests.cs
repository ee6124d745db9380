using EdgeFlows.Durable.Client;
using EdgeFlows.Durable.Hosting;
using EdgeFlows.Durable.Serialization;
using EdgeFlows.Durable.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace EdgeFlows.Durable.Tests.Client;

public sealed class BadInputTests
{
    private const int SmallPayloadLimit = 4096;

    private sealed class Shout : TaskOrchestrator<string, string>
    {
        public override Task<string> RunAsync(OrchestrationContext context, string input) => Task.FromResult(input.ToUpperInvariant());
    }

    private sealed class CallsByName : TaskOrchestrator<string, string>
    {
        public override Task<string> RunAsync(OrchestrationContext context, string activity) =>
            context.CallActivityAsync<string>(activity);
    }

    private sealed class Bloat : TaskActivity<string?, string>
    {
        public override Task<string> RunAsync(TaskActivityContext context, string? input, CancellationToken cancellationToken) =>
            Task.FromResult(new string('x', SmallPayloadLimit * 2));
    }

    private sealed class BloatedOutput : TaskOrchestrator<string?, string>
    {
        public override Task<string> RunAsync(OrchestrationContext context, string? input) =>
            Task.FromResult(new string('y', SmallPayloadLimit * 2));
    }

    private static Task<DurableTestHost> StartAsync() => DurableTestHost.StartAsync(
        r => r.AddOrchestrator<Shout>().AddOrchestrator<CallsByName>().AddOrchestrator<BloatedOutput>().AddActivity<Bloat>(),
        o => o.MaxPayloadBytes = SmallPayloadLimit);

    [Fact]
    public async Task Schedule_UnknownOrchestrator_ThrowsArgumentExceptionListingRegisteredNames()
    {
        await using var host = await StartAsync();

        var error = await Assert.ThrowsAsync<ArgumentException>(() => host.Client.ScheduleNewOrchestrationInstanceAsync("Nope"));

        Assert.Contains("'Nope'", error.Message, StringComparison.Ordinal);
        Assert.Contains(nameof(Shout), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Schedule_UnknownOrchestratorThroughAClientWithoutRegistry_InstanceFailsOrchestratorNotFound()
    {
        await using var host = await StartAsync();
        var client = new DurableClient(
            host.Store, host.Services.GetRequiredService<DataConverter>(), host.Services.GetRequiredService<IOptions<DurableRuntimeOptions>>().Value);

        var id = await client.ScheduleNewOrchestrationInstanceAsync("Nope");
        var done = await host.WaitForCompletionAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, done.Status);
        Assert.Equal("OrchestratorNotFound", done.Failure!.ErrorType);
        Assert.Contains("'Nope'", done.Failure.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CallActivityAsync_UnknownActivity_FailsWithActivityNotFound()
    {
        await using var host = await StartAsync();

        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(CallsByName), "Missing");
        var done = await host.WaitForCompletionAsync(id);

        Assert.Equal(typeof(TaskFailedException).FullName, done.Failure!.ErrorType);
        Assert.Equal("ActivityNotFound", done.Failure.InnerFailure!.ErrorType);
        Assert.Contains("'Missing'", done.Failure.InnerFailure.ErrorMessage, StringComparison.Ordinal);
    }

    public sealed class Node
    {
        public Node? Next { get; set; }
    }

    [Fact]
    public async Task Schedule_InputWithACycle_ThrowsArgumentExceptionNamingTheInput()
    {
        await using var host = await StartAsync();
        var node = new Node();
        node.Next = node;

        var error = await Assert.ThrowsAsync<ArgumentException>(() => host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(Shout), node));

        Assert.Contains($"input of orchestration '{nameof(Shout)}'", error.Message, StringComparison.Ordinal);
        Assert.Empty((await host.Client.QueryInstancesAsync(new EdgeFlows.Durable.Stores.InstanceQuery())).Items);
    }

    [Fact]
    public async Task Schedule_StreamInput_ThrowsArgumentExceptionNamingTheInput()
    {
        await using var host = await StartAsync();
        using var stream = new MemoryStream([1, 2, 3]);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(Shout), stream));

        Assert.Contains($"input of orchestration '{nameof(Shout)}'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Schedule_InputOverThePayloadLimit_ThrowsPayloadTooLargeSuggestingABlobReference()
    {
        await using var host = await StartAsync();

        var error = await Assert.ThrowsAsync<PayloadTooLargeException>(
            () => host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(Shout), new string('z', SmallPayloadLimit)));

        Assert.Equal(SmallPayloadLimit, error.Limit);
        Assert.True(error.Size > SmallPayloadLimit);
        Assert.Contains("blob", error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("reference", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RaiseEventAsync_PayloadOverTheLimit_ThrowsPayloadTooLarge()
    {
        await using var host = await StartAsync();
        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(Shout), "x");

        await Assert.ThrowsAsync<PayloadTooLargeException>(() => host.Client.RaiseEventAsync(id, "big", new string('z', SmallPayloadLimit)));
    }

    [Fact]
    public async Task CallActivityAsync_OutputOverTheLimit_FailsTheTaskWithPayloadTooLarge()
    {
        await using var host = await StartAsync();

        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(CallsByName), nameof(Bloat));
        var done = await host.WaitForCompletionAsync(id);

        Assert.Equal(typeof(TaskFailedException).FullName, done.Failure!.ErrorType);
        Assert.True(done.Failure.IsCausedBy<PayloadTooLargeException>());
        Assert.Contains($"output of activity '{nameof(Bloat)}'", done.Failure.InnerFailure!.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Orchestrator_OutputOverTheLimit_FailsTheInstanceWithPayloadTooLarge()
    {
        await using var host = await StartAsync();

        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(BloatedOutput));
        var done = await host.WaitForCompletionAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, done.Status);
        Assert.Equal(typeof(PayloadTooLargeException).FullName, done.Failure!.ErrorType);
    }

    public static TheoryData<string> InvalidIds() => new()
    {
        new string('a', DurableClient.MaxInstanceIdLength + 1),
        "team/run-1",
        "back\\slash",
        "tab\there",
        "new\nline",
        "nul\0",
        "what?",
        "hash#1",
        " ",
    };

    [Theory]
    [MemberData(nameof(InvalidIds))]
    public async Task Schedule_InvalidInstanceId_ThrowsArgumentException(string instanceId)
    {
        await using var host = await StartAsync();

        await Assert.ThrowsAsync<ArgumentException>(
            () => host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(Shout), "x", new StartOrchestrationOptions(instanceId)));
    }

    [Fact]
    public async Task Schedule_InstanceIdOfMaximumLength_IsAccepted()
    {
        await using var host = await StartAsync();
        var id = new string('a', DurableClient.MaxInstanceIdLength);

        await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(Shout), "x", new StartOrchestrationOptions(id));

        Assert.Equal("X", (await host.WaitForCompletionAsync(id)).ReadOutputAs<string>());
    }

    [Fact]
    public async Task RaiseEventAsync_UnknownInstance_ThrowsNotFound()
    {
        await using var host = await StartAsync();

        var error = await Assert.ThrowsAsync<OrchestrationNotFoundException>(() => host.Client.RaiseEventAsync("ghost", "go"));

        Assert.Equal("ghost", error.InstanceId);
    }

    [Fact]
    public async Task RaiseEventAsync_CompletedInstance_ThrowsInvalidOperation()
    {
        await using var host = await StartAsync();
        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(Shout), "x");
        await host.WaitForCompletionAsync(id);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => host.Client.RaiseEventAsync(id, "go"));

        Assert.Contains("Completed", error.Message, StringComparison.Ordinal);
    }

    public interface IUnregisteredService;

    private sealed class NeedsAService(IUnregisteredService service) : TaskActivity<string?, string>
    {
        public override Task<string> RunAsync(TaskActivityContext context, string? input, CancellationToken cancellationToken) =>
            Task.FromResult(service.ToString()!);
    }

    private sealed class OrchestratorNeedingAService(IUnregisteredService service) : TaskOrchestrator<string?, string>
    {
        public override Task<string> RunAsync(OrchestrationContext context, string? input) => Task.FromResult(service.ToString()!);
    }

    [Fact]
    public async Task CallActivityAsync_ActivityDependencyMissing_FailsTheTaskWithTheResolutionError()
    {
        await using var host = await DurableTestHost.StartAsync(r => r.AddOrchestrator<CallsByName>().AddActivity<NeedsAService>());

        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(CallsByName), nameof(NeedsAService));
        var done = await host.WaitForCompletionAsync(id);

        Assert.Equal(typeof(TaskFailedException).FullName, done.Failure!.ErrorType);
        Assert.Equal(typeof(InvalidOperationException).FullName, done.Failure.InnerFailure!.ErrorType);
        Assert.Contains(nameof(IUnregisteredService), done.Failure.InnerFailure.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Schedule_OrchestratorDependencyMissing_FailsTheInstanceWithTheResolutionError()
    {
        await using var host = await DurableTestHost.StartAsync(r => r.AddOrchestrator<OrchestratorNeedingAService>());

        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(OrchestratorNeedingAService));
        var done = await host.WaitForCompletionAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, done.Status);
        Assert.Equal(typeof(InvalidOperationException).FullName, done.Failure!.ErrorType);
        Assert.Contains(nameof(IUnregisteredService), done.Failure.ErrorMessage, StringComparison.Ordinal);
    }
}
