// The multi-step orchestration the crash tests kill at many points: sequential activities, a
// fan-out, a durable timer, a sub-orchestration woken by an event an activity raises, and a
// final activity. Its output is a pure function of its input, so the tests know it.
using EdgeFlows.Durable.CrashHost.Activities;

namespace EdgeFlows.Durable.CrashHost.Orchestrations;

/// <summary>The crash flow's input.</summary>
/// <param name="FanOut">Activities run in parallel in the fan-out.</param>
/// <param name="StepDelayMs">How long each step works before recording its effect (widens the window a kill can hit).</param>
/// <param name="FanOutDelayMs">How long each fan-out step works (long, to kill the host while they are in flight).</param>
public sealed record CrashFlowInput(int FanOut, int StepDelayMs, int FanOutDelayMs);

/// <summary>The orchestrator; see the file header.</summary>
public sealed class CrashFlow : TaskOrchestrator<CrashFlowInput, string>
{
    /// <summary>Activities the flow schedules itself (sequence, fan-out, RaiseGo, final).</summary>
    public static int ActivityCount(CrashFlowInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return 3 + input.FanOut + 2;
    }

    /// <summary>The output every instance must complete with.</summary>
    public static string ExpectedOutput(CrashFlowInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var parts = new List<string> { "seq-1!", "seq-2!", "seq-3!" };
        parts.AddRange(Enumerable.Range(0, input.FanOut).Select(i => $"fan-{i}!"));
        parts.Add(CrashChild.ExpectedOutput);
        parts.Add("final!");
        return string.Join('|', parts);
    }

    /// <summary>The child's instance id, fixed so an activity can raise its event.</summary>
    public static string ChildId(string parentId) => $"{parentId}-child";

    /// <inheritdoc />
    public override async Task<string> RunAsync(OrchestrationContext context, CrashFlowInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var parts = new List<string>();
        for (var i = 1; i <= 3; i++)
        {
            parts.Add(await context.CallActivityAsync<string>(nameof(EffectStep), new StepInput($"seq-{i}", input.StepDelayMs)));
        }

        var fanOut = Enumerable.Range(0, input.FanOut)
            .Select(i => context.CallActivityAsync<string>(nameof(EffectStep), new StepInput($"fan-{i}", input.FanOutDelayMs)))
            .ToList();
        parts.AddRange(await Task.WhenAll(fanOut));

        await context.CreateTimer(CrashHostSettings.TimerDelay, CancellationToken.None);

        var childId = ChildId(context.InstanceId);
        var child = context.CallSubOrchestratorAsync<string>(nameof(CrashChild), input.StepDelayMs, new SubOrchestrationOptions(childId));
        await context.CallActivityAsync<bool>(nameof(RaiseGo), childId);
        parts.Add(await child);

        parts.Add(await context.CallActivityAsync<string>(nameof(EffectStep), new StepInput("final", input.StepDelayMs)));
        return string.Join('|', parts);
    }
}
