using EdgeFlows.Activities.Training;
using EdgeFlows.Durable;
using EdgeFlows.Functions.Pipeline.Configuration;
using EdgeFlows.Functions.Pipeline.Steps;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EdgeFlows.Functions.Pipeline.Activities;

/// <summary>Cancels the job on its target (the failure path, and a job past its maximum duration).</summary>
public sealed class CancelTraining(IOptions<RetrainPipelineOptions> options, TrainingRunnerResolver runners, SecretRedactor redactor, ILogger<CancelTraining> logger)
    : TrainingActivity<TrainingJobRef, TrainingJobState>(options, runners, redactor, logger)
{
    /// <inheritdoc />
    protected override async Task<TrainingJobState> ExecuteAsync(TaskActivityContext context, TrainingJobRef input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var (target, _, runner) = Resolve(input.Target);
        return Map(await runner.CancelAsync(target, input.JobId, cancellationToken), input.LogLines);
    }
}
