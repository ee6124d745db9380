namespace EdgeFlows.Samples.Demo.Training;

/// <summary>
/// How well a binary classifier did on held-out rows, class 1 (malignant) being positive and
/// the decision threshold 0.5.
/// </summary>
/// <param name="TruePositives">Positives predicted positive.</param>
/// <param name="FalsePositives">Negatives predicted positive.</param>
/// <param name="TrueNegatives">Negatives predicted negative.</param>
/// <param name="FalseNegatives">Positives predicted negative.</param>
/// <param name="Accuracy">Share of rows predicted right.</param>
/// <param name="Precision">TP / (TP + FP); 0 when nothing was predicted positive.</param>
/// <param name="Recall">TP / (TP + FN).</param>
/// <param name="F1">Harmonic mean of precision and recall; 0 when both are 0.</param>
/// <param name="Auc">Area under the ROC curve, from the ranks of the predicted probabilities (ties count half).</param>
/// <param name="LogLoss">Mean negative log-likelihood of the true labels.</param>
public sealed record ClassificationMetrics(
    int TruePositives,
    int FalsePositives,
    int TrueNegatives,
    int FalseNegatives,
    double Accuracy,
    double Precision,
    double Recall,
    double F1,
    double Auc,
    double LogLoss)
{
    private const double Threshold = 0.5;

    // Probabilities are clipped this far from 0 and 1 so one confident mistake gives a large, finite loss.
    private const double Epsilon = 1e-15;

    /// <summary>Evaluates predicted probabilities against the true labels.</summary>
    /// <exception cref="ArgumentException">Lengths differ, or the labels hold only one class (AUC is undefined).</exception>
    public static ClassificationMetrics Evaluate(IReadOnlyList<int> labels, IReadOnlyList<double> probabilities)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(probabilities);
        if (labels.Count != probabilities.Count || labels.Count == 0)
        {
            throw new ArgumentException("Evaluation needs one probability per label, and at least one label.", nameof(probabilities));
        }

        int tp = 0, fp = 0, tn = 0, fn = 0;
        for (var i = 0; i < labels.Count; i++)
        {
            var predicted = probabilities[i] >= Threshold;
            switch ((labels[i] == 1, predicted))
            {
                case (true, true): tp++; break;
                case (false, true): fp++; break;
                case (false, false): tn++; break;
                case (true, false): fn++; break;
            }
        }

        var precision = tp + fp == 0 ? 0.0 : (double)tp / (tp + fp);
        var recall = tp + fn == 0 ? 0.0 : (double)tp / (tp + fn);
        var f1 = precision + recall == 0 ? 0.0 : 2 * precision * recall / (precision + recall);
        return new ClassificationMetrics(
            tp, fp, tn, fn,
            (double)(tp + tn) / labels.Count,
            precision,
            recall,
            f1,
            RocAuc(labels, probabilities),
            MeanLogLoss(labels, probabilities));
    }

    /// <summary>
    /// ROC AUC as the Mann–Whitney statistic: the chance that a random positive scores above a
    /// random negative, ties counting half (tied scores share their average rank).
    /// </summary>
    public static double RocAuc(IReadOnlyList<int> labels, IReadOnlyList<double> scores)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(scores);
        var positives = labels.Count(l => l == 1);
        var negatives = labels.Count - positives;
        if (positives == 0 || negatives == 0)
        {
            throw new ArgumentException("AUC needs both classes among the labels.", nameof(labels));
        }

        var order = Enumerable.Range(0, scores.Count).OrderBy(i => scores[i]).ToArray();
        var positiveRankSum = 0.0;
        for (var start = 0; start < order.Length;)
        {
            var end = start;
            while (end + 1 < order.Length && scores[order[end + 1]] == scores[order[start]])
            {
                end++;
            }

            // Ranks are 1-based; the tied block start..end shares the mean of its ranks.
            var averageRank = ((start + 1) + (end + 1)) / 2.0;
            for (var k = start; k <= end; k++)
            {
                if (labels[order[k]] == 1)
                {
                    positiveRankSum += averageRank;
                }
            }

            start = end + 1;
        }

        return (positiveRankSum - (positives * (positives + 1) / 2.0)) / ((double)positives * negatives);
    }

    /// <summary>Mean negative log-likelihood, probabilities clipped to [1e-15, 1 − 1e-15].</summary>
    public static double MeanLogLoss(IReadOnlyList<int> labels, IReadOnlyList<double> probabilities)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(probabilities);
        var sum = 0.0;
        for (var i = 0; i < labels.Count; i++)
        {
            var p = Math.Clamp(probabilities[i], Epsilon, 1 - Epsilon);
            sum -= labels[i] == 1 ? Math.Log(p) : Math.Log(1 - p);
        }

        return sum / labels.Count;
    }
}
