// The StartTraining and Wait steps. The job is started under the run's job id (a second start
// finds it), then polled with durable timers whose delay grows from the plan's first to its
// longest interval. Progress goes to the custom status. A job still running at the recipe's
// maximum duration is cancelled on its target and fails the run; a failed status poll is
// recorded and the next poll tries again, so a target that is briefly unreachable does not
// fail hours of training.
#pragma warning disable CA2007 // Orchestrator code resumes on the orchestration's own scheduler.
using EdgeFlows.Activities.Training;
using EdgeFlows.Durable;
using EdgeFlows.Functions.Pipeline.Steps;

namespace EdgeFlows.Functions.Pipeline;

public sealed partial class Retrain
{
    private async Task<TrainingJobState> TrainAsync(RetrainPlan plan, string target)
    {
        _jobMayRun = true;
        _job = await _context.CallActivityAsync<TrainingJobState>(
            RetrainSteps.StartTraining,
            new StartTrainingInput(plan.JobId, target, plan.Recipe, plan.Container, plan.Inputs, plan.OutputPrefix),
            plan.RetryFor(RetrainSteps.StartTraining));
        _jobStartedAt = _context.CurrentUtcDateTime;
        _log.TrainingStarted(_context.InstanceId, plan.JobId, target);

        EnterStep(RetrainSteps.Wait);
        var deadline = _jobStartedAt.Value + plan.Recipe.MaxDuration;
        var delay = plan.Wait.FirstPollInterval;
        var job = new TrainingJobRef(target, plan.JobId, plan.StatusLogLines);
        string? pollError = null;
        while (!_job.Phase.IsFinished())
        {
            SetStatus(detail: pollError);
            var now = _context.CurrentUtcDateTime;
            if (now >= deadline)
            {
                var cancel = await CancelJobAsync();
                throw new RetrainFailedException(
                    RetrainSteps.Wait,
                    $"{Where()} failed: training exceeded the recipe's maximum duration of {plan.Recipe.MaxDuration}; "
                    + (cancel is null ? "the job was cancelled on the target." : $"cancelling it on the target failed: {cancel}"));
            }

            await _context.CreateTimer(delay < deadline - now ? delay : deadline - now, CancellationToken.None);
            delay = plan.Wait.Next(delay);
            try
            {
                _job = await _context.CallActivityAsync<TrainingJobState>(RetrainSteps.GetTrainingStatus, job, plan.RetryFor(RetrainSteps.GetTrainingStatus));
                pollError = null;
            }
            catch (TaskFailedException ex)
            {
                pollError = $"The last status check failed: {Describe(ex)}";
            }
        }

        SetStatus();
        return _job.Phase switch
        {
            TrainingJobPhase.Succeeded => _job,
            TrainingJobPhase.Failed => throw new RetrainFailedException(RetrainSteps.Wait, $"{Where()} failed: training failed{ExitCode(_job)}: {JobError(_job)}"),
            TrainingJobPhase.Cancelled => throw new RetrainFailedException(
                RetrainSteps.Wait, $"{Where()} failed: the training job was cancelled on the target{(_job.Error is { } why ? $" ({why.TrimEnd('.')})" : string.Empty)}."),
            _ => throw new RetrainFailedException(RetrainSteps.Wait, $"{Where()} failed: the target no longer knows the training job."),
        };
    }

    private static string ExitCode(TrainingJobState job) => job.ExitCode is { } code ? $" with exit code {code}" : string.Empty;

    private static string JobError(TrainingJobState job) =>
        job.Error ?? (job.LastLogLines is { Count: > 0 } lines ? $"last log line: {lines[^1]}" : "no error reported");
}
