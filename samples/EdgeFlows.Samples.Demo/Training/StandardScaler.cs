namespace EdgeFlows.Samples.Demo.Training;

/// <summary>
/// Centres each feature on its mean and divides by its (population) standard deviation, as
/// measured on the training rows only, so nothing of the test rows leaks into the model.
/// </summary>
/// <param name="Mean">Per-feature mean.</param>
/// <param name="Scale">Per-feature standard deviation (1 for a constant feature).</param>
public sealed record StandardScaler(double[] Mean, double[] Scale)
{
    /// <summary>Measures the features of <paramref name="rows"/>.</summary>
    public static StandardScaler Fit(IReadOnlyList<double[]> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count == 0)
        {
            throw new ArgumentException("At least one row is needed to fit a scaler.", nameof(rows));
        }

        var width = rows[0].Length;
        var mean = new double[width];
        var scale = new double[width];
        foreach (var row in rows)
        {
            for (var j = 0; j < width; j++)
            {
                mean[j] += row[j];
            }
        }

        for (var j = 0; j < width; j++)
        {
            mean[j] /= rows.Count;
        }

        foreach (var row in rows)
        {
            for (var j = 0; j < width; j++)
            {
                var d = row[j] - mean[j];
                scale[j] += d * d;
            }
        }

        for (var j = 0; j < width; j++)
        {
            var sd = Math.Sqrt(scale[j] / rows.Count);
            scale[j] = sd > 0 ? sd : 1.0;
        }

        return new StandardScaler(mean, scale);
    }

    /// <summary>A standardized copy of <paramref name="row"/>.</summary>
    public double[] Transform(double[] row)
    {
        ArgumentNullException.ThrowIfNull(row);
        var result = new double[row.Length];
        for (var j = 0; j < row.Length; j++)
        {
            result[j] = (row[j] - Mean[j]) / Scale[j];
        }

        return result;
    }
}
