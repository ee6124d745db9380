using EdgeFlows.Durable.CrashHost.Activities;

namespace EdgeFlows.Durable.CrashHost.Orchestrations;

/// <summary>
/// The sub-orchestration: a step, a wait for the event its parent's RaiseGo activity sends
/// (which may come before or after the wait begins), and another step.
/// </summary>
public sealed class CrashChild : TaskOrchestrator<int, string>
{
    /// <summary>Activities the child schedules.</summary>
    public const int ActivityCount = 2;

    /// <summary>The child's output.</summary>
    public const string ExpectedOutput = "child-a!+go+child-b!";

    /// <inheritdoc />
    public override async Task<string> RunAsync(OrchestrationContext context, int input)
    {
        ArgumentNullException.ThrowIfNull(context);
        var a = await context.CallActivityAsync<string>(nameof(EffectStep), new StepInput("child-a", input));
        var go = await context.WaitForExternalEvent<string>(CrashHostSettings.GoEvent);
        var b = await context.CallActivityAsync<string>(nameof(EffectStep), new StepInput("child-b", input));
        return $"{a}+{go}+{b}";
    }
}
