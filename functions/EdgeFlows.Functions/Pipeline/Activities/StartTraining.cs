// The StartTraining step. The job's SAS URLs are made here, from blob names in the input, and
// go only to the runner (which hands them to the job wrapper on the target): they never reach
// the run's history, status or logs. Read URLs last EdgeFlows:Retrain:SasLifetime (the job
// downloads when it starts); write URLs last the recipe's maximum duration plus that.
using EdgeFlows.Activities.Storage;
using EdgeFlows.Activities.Training;
using EdgeFlows.Durable;
using EdgeFlows.Functions.Pipeline.Configuration;
using EdgeFlows.Functions.Pipeline.Steps;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EdgeFlows.Functions.Pipeline.Activities;

/// <summary>Starts the run's training job on the chosen target, or finds it if it was started already.</summary>
public sealed class StartTraining(
    IOptions<RetrainPipelineOptions> options, TrainingRunnerResolver runners, RetrainStorage storage, TimeProvider time, SecretRedactor redactor, ILogger<StartTraining> logger)
    : TrainingActivity<StartTrainingInput, TrainingJobState>(options, runners, redactor, logger)
{
    /// <inheritdoc />
    protected override async Task<TrainingJobState> ExecuteAsync(TaskActivityContext context, StartTrainingInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var (target, _, runner) = Resolve(input.Target);
        var now = time.GetUtcNow();
        var sasLifetime = Options.Retrain.SasLifetime;
        var client = storage.Client;
        var spec = new TrainingJobSpec
        {
            JobId = input.JobId,
            Command = input.Recipe.Command,
            CodeFiles = input.Recipe.CodeFiles,
            Environment = input.Recipe.Environment,
            MaxDuration = input.Recipe.MaxDuration,
            Inputs = [.. input.Inputs.Select(i => new TrainingJobFile(i.Name, client.GenerateBlobSasUri(input.Container, i.Blob, BlobSasPermissions.Read, now + sasLifetime)))],
            Outputs = [.. input.Recipe.Outputs.Select(o => new TrainingJobFile(
                o, client.GenerateBlobSasUri(input.Container, input.OutputPrefix + o, BlobSasPermissions.Create | BlobSasPermissions.Write, now + input.Recipe.MaxDuration + sasLifetime)))],
        };
        var status = await runner.StartAsync(target, spec, cancellationToken);
        return Map(status, Options.Retrain.StatusLogLines);
    }
}
