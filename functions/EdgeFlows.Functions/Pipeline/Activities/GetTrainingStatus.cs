using EdgeFlows.Activities.Training;
using EdgeFlows.Durable;
using EdgeFlows.Functions.Pipeline.Configuration;
using EdgeFlows.Functions.Pipeline.Steps;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EdgeFlows.Functions.Pipeline.Activities;

/// <summary>The Wait step's poll: the job's status on its target.</summary>
public sealed class GetTrainingStatus(IOptions<RetrainPipelineOptions> options, TrainingRunnerResolver runners, SecretRedactor redactor, ILogger<GetTrainingStatus> logger)
    : TrainingActivity<TrainingJobRef, TrainingJobState>(options, runners, redactor, logger)
{
    /// <inheritdoc />
    protected override async Task<TrainingJobState> ExecuteAsync(TaskActivityContext context, TrainingJobRef input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var (target, _, runner) = Resolve(input.Target);
        return Map(await runner.GetStatusAsync(target, input.JobId, cancellationToken), input.LogLines);
    }
}
