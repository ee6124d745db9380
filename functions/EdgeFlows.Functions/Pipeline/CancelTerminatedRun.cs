// Cancels the training job of a Retrain run that was terminated. Terminating an orchestration
// runs none of its code (as in Durable Functions), so the run cannot cancel its own job; the
// TerminatedRunJobCanceller starts this orchestration once per terminated run, with an
// instance id derived from the run's, and the runtime's retries carry the cancel through an
// unreachable target or a restart. Cancelling a job that already ended changes nothing.
#pragma warning disable CA2007 // Orchestrator code resumes on the orchestration's own scheduler.
using EdgeFlows.Durable;
using EdgeFlows.Functions.Pipeline.Configuration;
using EdgeFlows.Functions.Pipeline.Steps;
using Microsoft.Extensions.Options;

namespace EdgeFlows.Functions.Pipeline;

/// <summary>
/// The <c>CancelTerminatedRun</c> orchestration. Input: the terminated run's job (null when it
/// started none). Output: what became of the job, in words.
/// </summary>
public sealed class CancelTerminatedRun(IOptions<RetrainPipelineOptions> options) : TaskOrchestrator<TrainingJobRef?, string>
{
    /// <summary>The orchestrator's registered name.</summary>
    public const string Name = "CancelTerminatedRun";

    /// <summary>The instance id of the cancellation of the run <paramref name="runInstanceId"/>.</summary>
    public static string InstanceIdFor(string runInstanceId) => $"cancel-job:{runInstanceId}";

    /// <inheritdoc />
    public override async Task<string> RunAsync(OrchestrationContext context, TrainingJobRef? input)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (input is null)
        {
            return "The run started no training job.";
        }

        var job = await context.CallActivityAsync<TrainingJobState>(
            RetrainSteps.CancelTraining, input, options.Value.Retrain.Retry.CancelTraining.ToSettings().ToTaskOptions());
        return $"Job {input.JobId} on target {input.Target}: {job.Phase}.";
    }
}
