// One training run: a seeded train/test split, standardization fitted on the training rows,
// logistic regression, and evaluation on the held-out rows.
namespace EdgeFlows.Samples.Demo.Training;

/// <summary>Everything needed to score new rows: the scaler, the weights, and how they were made.</summary>
/// <param name="Format">Identifies this JSON layout for readers of the model file.</param>
/// <param name="FeatureNames">The input columns, in order.</param>
/// <param name="Scaler">Standardization fitted on the training rows.</param>
/// <param name="Classifier">The fitted weights.</param>
/// <param name="Settings">The settings it was trained with.</param>
/// <param name="TrainRows">Rows it was fitted on.</param>
/// <param name="TestRows">Rows held out for evaluation.</param>
public sealed record TrainedModel(
    string Format,
    IReadOnlyList<string> FeatureNames,
    StandardScaler Scaler,
    LogisticRegression Classifier,
    TrainingSettings Settings,
    int TrainRows,
    int TestRows)
{
    /// <summary>The value of <see cref="Format"/> this code writes.</summary>
    public const string CurrentFormat = "edgeflows.logistic-regression.v1";
}

/// <summary>A trained model with its scores.</summary>
/// <param name="Model">The model.</param>
/// <param name="Test">Metrics on the held-out rows.</param>
/// <param name="TrainAccuracy">Accuracy on the training rows (a large gap to the test accuracy means overfitting).</param>
/// <param name="TrainLoss">Mean log loss on the training rows.</param>
public sealed record TrainingOutcome(TrainedModel Model, ClassificationMetrics Test, double TrainAccuracy, double TrainLoss);

/// <summary>Trains and evaluates a model on a data set.</summary>
public static class ModelTrainer
{
    /// <summary>Splits, standardizes, fits and evaluates; the same data and settings give the same outcome.</summary>
    public static TrainingOutcome Train(LabeledDataset data, TrainingSettings settings)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.TestFraction is <= 0 or >= 1 || settings.Iterations < 1 || settings.LearningRate <= 0 || settings.L2 < 0)
        {
            throw new ArgumentException($"Invalid training settings: {settings}.", nameof(settings));
        }

        var testCount = (int)Math.Ceiling(data.Count * settings.TestFraction);
        if (testCount < 1 || testCount >= data.Count)
        {
            throw new ArgumentException($"{data.Count} rows cannot be split {1 - settings.TestFraction:P0}/{settings.TestFraction:P0}.", nameof(data));
        }

        var order = DeterministicShuffle.Permutation(data.Count, settings.Seed);
        var trainIndices = order[..^testCount];
        var testIndices = order[^testCount..];

        var scaler = StandardScaler.Fit([.. trainIndices.Select(i => data.Features[i])]);
        var trainRows = trainIndices.Select(i => scaler.Transform(data.Features[i])).ToArray();
        var trainLabels = trainIndices.Select(i => data.Labels[i]).ToArray();
        var (classifier, trainLoss) = LogisticRegression.Fit(trainRows, trainLabels, settings);

        var trainMetrics = ClassificationMetrics.Evaluate(trainLabels, [.. trainRows.Select(classifier.PredictProbability)]);
        var testLabels = testIndices.Select(i => data.Labels[i]).ToArray();
        var testProbabilities = testIndices.Select(i => classifier.PredictProbability(scaler.Transform(data.Features[i]))).ToArray();
        var model = new TrainedModel(TrainedModel.CurrentFormat, data.FeatureNames, scaler, classifier, settings, trainIndices.Length, testCount);
        return new TrainingOutcome(model, ClassificationMetrics.Evaluate(testLabels, testProbabilities), trainMetrics.Accuracy, trainLoss);
    }
}
