// Reads the demo's CSV format: a header row of feature names ending in `label`, then one
// row per sample of invariant-culture numbers with a 0/1 label last.
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace EdgeFlows.Samples.Demo.Training;

/// <summary>A table of numeric features with a binary label, and the SHA-256 of the bytes it was read from.</summary>
public sealed class LabeledDataset
{
    private LabeledDataset(string[] featureNames, double[][] features, int[] labels, string sha256, long sizeBytes)
    {
        FeatureNames = featureNames;
        Features = features;
        Labels = labels;
        Sha256 = sha256;
        SizeBytes = sizeBytes;
    }

    /// <summary>The feature columns' names, in order.</summary>
    public IReadOnlyList<string> FeatureNames { get; }

    /// <summary>One feature vector per row.</summary>
    public IReadOnlyList<double[]> Features { get; }

    /// <summary>One label (0 or 1) per row.</summary>
    public IReadOnlyList<int> Labels { get; }

    /// <summary>Lower-case hex SHA-256 of the file's bytes: the data set's fingerprint.</summary>
    public string Sha256 { get; }

    /// <summary>The file's size in bytes.</summary>
    public long SizeBytes { get; }

    /// <summary>Rows in the data set.</summary>
    public int Count => Labels.Count;

    /// <summary>Reads and parses the file; the fingerprint is of exactly the bytes parsed.</summary>
    /// <exception cref="InvalidDataException">The file is not in the expected format.</exception>
    public static async Task<LabeledDataset> LoadAsync(string path, CancellationToken cancellationToken)
    {
        var bytes = await File.ReadAllBytesAsync(path, cancellationToken);
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes));
        using var reader = new StringReader(Encoding.UTF8.GetString(bytes));
        var header = reader.ReadLine()?.TrimStart('\uFEFF').Split(',')
            ?? throw new InvalidDataException($"'{path}' is empty.");
        if (header.Length < 2 || header[^1] != "label")
        {
            throw new InvalidDataException($"'{path}' must have feature columns and a last column named 'label'.");
        }

        var features = new List<double[]>();
        var labels = new List<int>();
        var lineNumber = 1;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (line.Length == 0)
            {
                continue;
            }

            var cells = line.Split(',');
            if (cells.Length != header.Length)
            {
                throw new InvalidDataException($"'{path}' line {lineNumber} has {cells.Length} columns; the header has {header.Length}.");
            }

            var row = new double[header.Length - 1];
            for (var i = 0; i < row.Length; i++)
            {
                if (!double.TryParse(cells[i], NumberStyles.Float, CultureInfo.InvariantCulture, out row[i]) || !double.IsFinite(row[i]))
                {
                    throw new InvalidDataException($"'{path}' line {lineNumber}, column '{header[i]}': '{cells[i]}' is not a finite number.");
                }
            }

            labels.Add(cells[^1] switch
            {
                "0" => 0,
                "1" => 1,
                _ => throw new InvalidDataException($"'{path}' line {lineNumber}: the label must be 0 or 1, not '{cells[^1]}'."),
            });
            features.Add(row);
        }

        return new LabeledDataset(header[..^1], [.. features], [.. labels], sha256, bytes.LongLength);
    }
}
