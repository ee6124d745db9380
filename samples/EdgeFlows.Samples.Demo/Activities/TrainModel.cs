// Trains the model where the data lies and writes it as an artifact file; only the path,
// the artifact's hash and the metrics go back to the orchestration.
using System.Security.Cryptography;
using System.Text.Json;
using EdgeFlows.Durable;
using EdgeFlows.Samples.Demo.Training;

namespace EdgeFlows.Samples.Demo.Activities;

/// <summary>Input of <see cref="TrainModel"/>.</summary>
/// <param name="DatasetPath">The data set.</param>
/// <param name="ExpectedSha256">Its fingerprint as profiled; training refuses other data.</param>
/// <param name="ArtifactDirectory">Where to write <c>model.json</c>.</param>
/// <param name="Settings">Training settings.</param>
/// <param name="SimulateTransientFailure">Fail the first attempt on purpose, to show the retry policy at work.</param>
public sealed record TrainRequest(string DatasetPath, string ExpectedSha256, string ArtifactDirectory, TrainingSettings Settings, bool SimulateTransientFailure = false);

/// <summary>What training produced.</summary>
/// <param name="ArtifactPath">The model file.</param>
/// <param name="ArtifactSha256">SHA-256 of the model file.</param>
/// <param name="TrainRows">Rows fitted on.</param>
/// <param name="TestRows">Rows held out.</param>
/// <param name="Metrics">Metrics on the held-out rows.</param>
/// <param name="TrainAccuracy">Accuracy on the training rows.</param>
/// <param name="TrainLoss">Mean log loss on the training rows.</param>
public sealed record TrainResult(string ArtifactPath, string ArtifactSha256, int TrainRows, int TestRows, ClassificationMetrics Metrics, double TrainAccuracy, double TrainLoss);

/// <summary>The data set is not the one profiled earlier in the run; retrying cannot help.</summary>
public sealed class DatasetChangedException(string message) : Exception(message);

/// <summary>The failure <see cref="TrainRequest.SimulateTransientFailure"/> asks for.</summary>
public sealed class SimulatedTrainingFailureException(string message) : Exception(message);

/// <summary>Trains a logistic regression on the data set and writes the model file.</summary>
public sealed class TrainModel : TaskActivity<TrainRequest, TrainResult>
{
    /// <summary>The model file's name inside the artifact directory.</summary>
    public const string ArtifactFileName = "model.json";

    private static readonly JsonSerializerOptions ArtifactJson = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <inheritdoc />
    public override async Task<TrainResult> RunAsync(TaskActivityContext context, TrainRequest input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        if (input.SimulateTransientFailure && context.Attempt == 1)
        {
            throw new SimulatedTrainingFailureException(
                "Simulated transient failure on attempt 1 (the demo was asked to show a retry); the retry policy schedules attempt 2.");
        }

        var data = await LabeledDataset.LoadAsync(input.DatasetPath, cancellationToken);
        if (data.Sha256 != input.ExpectedSha256)
        {
            throw new DatasetChangedException(
                $"'{input.DatasetPath}' changed since it was profiled (SHA-256 {data.Sha256}, expected {input.ExpectedSha256}). Start a new run for the new data.");
        }

        var outcome = ModelTrainer.Train(data, input.Settings);

        // Written to a temporary name and renamed, so a crash never leaves half a model behind.
        Directory.CreateDirectory(input.ArtifactDirectory);
        var path = Path.GetFullPath(Path.Combine(input.ArtifactDirectory, ArtifactFileName));
        var bytes = JsonSerializer.SerializeToUtf8Bytes(outcome.Model, ArtifactJson);
        var temporary = path + ".tmp";
        await File.WriteAllBytesAsync(temporary, bytes, cancellationToken);
        File.Move(temporary, path, overwrite: true);

        return new TrainResult(
            path,
            Convert.ToHexStringLower(SHA256.HashData(bytes)),
            outcome.Model.TrainRows,
            outcome.Model.TestRows,
            outcome.Test,
            outcome.TrainAccuracy,
            outcome.TrainLoss);
    }
}
