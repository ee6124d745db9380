// The CheckCompute step: every candidate target is probed in parallel and the best fit is
// chosen (TargetSelector). When none fits, a durable timer waits and the targets are checked
// again, until the plan's deadline; then the run fails with each target's reason.
#pragma warning disable CA2007 // Orchestrator code resumes on the orchestration's own scheduler.
using EdgeFlows.Durable;
using EdgeFlows.Functions.Pipeline.Steps;

namespace EdgeFlows.Functions.Pipeline;

public sealed partial class Retrain
{
    private async Task<string> ChooseTargetAsync(RetrainPlan plan)
    {
        var deadline = _context.CurrentUtcDateTime + plan.ComputeDeadline;
        while (true)
        {
            var reports = await Task.WhenAll(plan.Targets.Select(target => CheckTargetAsync(plan, target)));
            var choice = TargetSelector.Choose(reports, plan.Recipe);
            if (choice.Target is { } chosen)
            {
                _log.TargetChosen(_context.InstanceId, chosen, choice.Reasons.Count);
                return chosen;
            }

            var reasons = string.Join("; ", choice.Reasons);
            var now = _context.CurrentUtcDateTime;
            if (now >= deadline)
            {
                throw new RetrainFailedException(
                    RetrainSteps.CheckCompute,
                    $"{Where()} failed: no training target fits recipe '{plan.Recipe.Name}' (waited {plan.ComputeDeadline}): {reasons}");
            }

            SetStatus(detail: $"No training target fits recipe '{plan.Recipe.Name}'; checking again until {deadline:yyyy-MM-ddTHH:mm:ssZ}: {reasons}");
            var wait = plan.ComputeRecheckInterval < deadline - now ? plan.ComputeRecheckInterval : deadline - now;
            await _context.CreateTimer(wait, CancellationToken.None);
        }
    }

    /// <summary>One target's report; a probe that fails after its retries counts as unreachable.</summary>
    private async Task<TargetReport> CheckTargetAsync(RetrainPlan plan, string target)
    {
        try
        {
            return await _context.CallActivityAsync<TargetReport>(
                RetrainSteps.CheckCompute, new CheckComputeInput(target), plan.RetryFor(RetrainSteps.CheckCompute));
        }
        catch (TaskFailedException ex)
        {
            return TargetReport.Unreachable(target, Describe(ex));
        }
    }
}
