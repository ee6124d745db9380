// The input, output and custom status of the RetrainPreview orchestration.
using EdgeFlows.Samples.Demo.Activities;
using EdgeFlows.Samples.Demo.Training;

namespace EdgeFlows.Samples.Demo.Orchestrations;

/// <summary>Input of <see cref="RetrainPreview"/>. Paths only: the data never enters the orchestration's history.</summary>
/// <param name="DatasetPath">The CSV data set.</param>
/// <param name="WorkDirectory">Where <c>models/</c> (the registry) and <c>runs/</c> (artifacts) go.</param>
/// <param name="ModelName">The name to register the model under.</param>
/// <param name="Training">Training settings; defaults when null.</param>
/// <param name="Requirements">What the host must offer; defaults when null.</param>
/// <param name="SettleDelay">The durable timer between training and registration; 2 seconds when null.</param>
/// <param name="SimulateTransientFailure">Make the first training attempt fail, to show the retry policy.</param>
public sealed record RetrainPreviewInput(
    string DatasetPath,
    string WorkDirectory,
    string ModelName = RetrainPreviewInput.DefaultModelName,
    TrainingSettings? Training = null,
    ComputeRequirements? Requirements = null,
    TimeSpan? SettleDelay = null,
    bool SimulateTransientFailure = false)
{
    /// <summary>The model name used when none is given.</summary>
    public const string DefaultModelName = "breast-cancer-logreg";
}

/// <summary>Output of <see cref="RetrainPreview"/>.</summary>
/// <param name="Compute">The host check.</param>
/// <param name="Dataset">The data set's profile.</param>
/// <param name="Training">The training result and metrics.</param>
/// <param name="Model">The registered version.</param>
public sealed record RetrainPreviewResult(ComputeReport Compute, DatasetProfile Dataset, TrainResult Training, RegisteredModel Model);

/// <summary>The custom status: which step the run is on.</summary>
/// <param name="Step">1-based step number.</param>
/// <param name="Steps">Steps in all.</param>
/// <param name="Description">What the step does.</param>
public sealed record RetrainPreviewStatus(int Step, int Steps, string Description);
