using System.Text.Json;
using EdgeFlows.Durable;
using EdgeFlows.Durable.Hosting;

namespace EdgeFlows.Functions.Tests.Http;

/// <summary>Orchestrations the HTTP tests start.</summary>
public static class TestOrchestrations
{
    /// <summary>Registers them all.</summary>
    public static void Register(DurableRuntimeBuilder runtime)
    {
        runtime.AddOrchestrator<RetrainStub>("Retrain");
        runtime.AddOrchestrator<Hello>("Hello");
        runtime.AddOrchestrator<WaitForApproval>("WaitForApproval");
        runtime.AddOrchestrator<Fails>("Fails");
        runtime.AddActivity<SayHello>("SayHello");
    }

    /// <summary>Stands in for the pipeline: completes with "trained {dataset}", or waits for "go" first when the reason is "wait".</summary>
    public sealed class RetrainStub : TaskOrchestrator<JsonElement, string>
    {
        public override async Task<string> RunAsync(OrchestrationContext context, JsonElement input)
        {
            var dataset = input.GetProperty("dataset").GetString();
            if (input.TryGetProperty("reason", out var reason) && reason.GetString() == "wait")
            {
                context.SetCustomStatus(new { phase = "waiting" });
                await context.WaitForExternalEvent<string>("go");
            }

            return $"trained {dataset}";
        }
    }

    public sealed class Hello : TaskOrchestrator<string, string>
    {
        public override Task<string> RunAsync(OrchestrationContext context, string input) =>
            context.CallActivityAsync<string>("SayHello", input);
    }

    public sealed class WaitForApproval : TaskOrchestrator<string?, string>
    {
        public override async Task<string> RunAsync(OrchestrationContext context, string? input)
        {
            var approval = await context.WaitForExternalEvent<JsonElement>("approval");
            return $"approved by {approval.GetProperty("by").GetString()}";
        }
    }

    public sealed class Fails : TaskOrchestrator<string?, string>
    {
        public override Task<string> RunAsync(OrchestrationContext context, string? input) =>
            throw new InvalidOperationException("the data set is empty");
    }

    public sealed class SayHello : TaskActivity<string, string>
    {
        public override Task<string> RunAsync(TaskActivityContext context, string input, CancellationToken cancellationToken) =>
            Task.FromResult($"Hello {input}!");
    }
}
