namespace EdgeFlows.Samples.Demo.Training;

/// <summary>The knobs of a training run; the same settings on the same data give the same model.</summary>
/// <param name="Seed">Seed of the shuffle that splits train and test rows.</param>
/// <param name="Iterations">Full-batch gradient descent steps.</param>
/// <param name="LearningRate">Step size.</param>
/// <param name="L2">L2 penalty on the weights (not the bias).</param>
/// <param name="TestFraction">Share of rows held out for evaluation (rounded up).</param>
public sealed record TrainingSettings(
    ulong Seed = 42,
    int Iterations = 1000,
    double LearningRate = 0.1,
    double L2 = 0.001,
    double TestFraction = 0.2);

/// <summary>
/// Binary logistic regression trained by full-batch gradient descent from zero weights:
/// no randomness and a fixed visiting order, so training is exactly reproducible.
/// </summary>
/// <param name="Weights">One weight per (standardized) feature.</param>
/// <param name="Bias">The intercept.</param>
public sealed record LogisticRegression(double[] Weights, double Bias)
{
    /// <summary>Fits the model to standardized rows and 0/1 labels.</summary>
    /// <returns>The model and its mean log loss on the training rows after the last step.</returns>
    public static (LogisticRegression Model, double TrainLoss) Fit(IReadOnlyList<double[]> rows, IReadOnlyList<int> labels, TrainingSettings settings)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(settings);
        if (rows.Count == 0 || rows.Count != labels.Count)
        {
            throw new ArgumentException("Training needs at least one row and one label per row.", nameof(rows));
        }

        var width = rows[0].Length;
        var weights = new double[width];
        var gradient = new double[width];
        var bias = 0.0;
        var n = rows.Count;
        for (var iteration = 0; iteration < settings.Iterations; iteration++)
        {
            Array.Clear(gradient);
            var biasGradient = 0.0;
            for (var i = 0; i < n; i++)
            {
                var error = Sigmoid(Score(weights, bias, rows[i])) - labels[i];
                for (var j = 0; j < width; j++)
                {
                    gradient[j] += error * rows[i][j];
                }

                biasGradient += error;
            }

            for (var j = 0; j < width; j++)
            {
                weights[j] -= settings.LearningRate * ((gradient[j] / n) + (settings.L2 * weights[j]));
            }

            bias -= settings.LearningRate * biasGradient / n;
        }

        var model = new LogisticRegression(weights, bias);
        var probabilities = rows.Select(model.PredictProbability).ToArray();
        return (model, ClassificationMetrics.MeanLogLoss(labels, probabilities));
    }

    /// <summary>The probability that a standardized row is of class 1.</summary>
    public double PredictProbability(double[] row) => Sigmoid(Score(Weights, Bias, row));

    private static double Score(double[] weights, double bias, double[] row)
    {
        var z = bias;
        for (var j = 0; j < weights.Length; j++)
        {
            z += weights[j] * row[j];
        }

        return z;
    }

    // Written so that exp never overflows, for scores far from zero either way.
    private static double Sigmoid(double z) =>
        z >= 0 ? 1.0 / (1.0 + Math.Exp(-z)) : Math.Exp(z) / (1.0 + Math.Exp(z));
}
