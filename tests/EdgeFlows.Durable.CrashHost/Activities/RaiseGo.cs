using EdgeFlows.Durable.Client;
using EdgeFlows.Durable.CrashHost.Effects;

namespace EdgeFlows.Durable.CrashHost.Activities;

/// <summary>
/// Raises the "go" event to the sub-orchestration. It may run more than once (a kill after
/// the raise but before its result is committed); the child ignores a second event, and a
/// child that has already finished evidently received the first.
/// </summary>
public sealed class RaiseGo(DurableClient client, EffectsLedger effects, AppliedLedger applied) : TaskActivity<string, bool>
{
    /// <inheritdoc />
    public override async Task<bool> RunAsync(TaskActivityContext context, string input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        Progress.Write(Progress.Begin, context.InstanceId, "raise-go", context.IdempotencyKey, context.DeliveryCount, DateTime.UtcNow.Ticks);
        var child = await client.GetInstanceAsync(input, false, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"The sub-orchestration '{input}' does not exist; it is created in the same turn as this call.");
        if (!child.Status.IsTerminal())
        {
            try
            {
                await client.RaiseEventAsync(input, CrashHostSettings.GoEvent, "go", cancellationToken).ConfigureAwait(false);
            }
            catch (InvalidOperationException)
            {
                // The child may have finished between the check and the raise: then it had
                // the event already. Anything else is a real failure.
                var now = await client.GetInstanceAsync(input, false, cancellationToken).ConfigureAwait(false);
                if (now?.Status.IsTerminal() != true)
                {
                    throw;
                }
            }
        }

        effects.Record(context.IdempotencyKey, context.Name);
        var appliedNow = applied.ApplyOnce(context.IdempotencyKey, context.Name);
        Progress.Write(Progress.Step, context.InstanceId, "raise-go", context.IdempotencyKey, context.DeliveryCount, appliedNow ? Progress.Applied : Progress.AlreadyApplied);
        return true;
    }
}
