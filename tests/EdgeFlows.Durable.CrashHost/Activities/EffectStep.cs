using EdgeFlows.Durable.CrashHost.Effects;

namespace EdgeFlows.Durable.CrashHost.Activities;

/// <summary>A step's input.</summary>
/// <param name="Label">Names the step in progress lines and in its result.</param>
/// <param name="DelayMs">How long the step works before recording its effect.</param>
public sealed record StepInput(string Label, int DelayMs);

/// <summary>
/// A step with an external effect: works a while, appends to the at-least-once ledger,
/// applies its effect once through the idempotent ledger, and returns "label!".
/// </summary>
public sealed class EffectStep(EffectsLedger effects, AppliedLedger applied) : TaskActivity<StepInput, string>
{
    /// <inheritdoc />
    public override async Task<string> RunAsync(TaskActivityContext context, StepInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        Progress.Write(Progress.Begin, context.InstanceId, input.Label, context.IdempotencyKey, context.DeliveryCount, DateTime.UtcNow.Ticks);
        if (input.DelayMs > 0)
        {
            await Task.Delay(input.DelayMs, cancellationToken).ConfigureAwait(false);
        }

        effects.Record(context.IdempotencyKey, context.Name);
        var appliedNow = applied.ApplyOnce(context.IdempotencyKey, context.Name);
        Progress.Write(Progress.Step, context.InstanceId, input.Label, context.IdempotencyKey, context.DeliveryCount, appliedNow ? Progress.Applied : Progress.AlreadyApplied);
        return $"{input.Label}!";
    }
}
