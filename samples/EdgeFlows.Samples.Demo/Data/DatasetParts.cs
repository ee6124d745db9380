// The data set cut into part files the way a data pipeline would deliver it: every part is a
// CSV with the header, the rows in file order. The demo sends the first parts, then the rest,
// so the second run trains on all the rows and the first on a prefix of them.
namespace EdgeFlows.Samples.Demo.Data;

/// <summary>One part file: its name and content.</summary>
/// <param name="Name">The file name, e.g. <c>part-0001.csv</c>.</param>
/// <param name="Content">The CSV text, header first.</param>
/// <param name="Rows">Its data rows.</param>
public sealed record DatasetPart(string Name, string Content, int Rows);

/// <summary>Splits a CSV data set into part files.</summary>
public static class DatasetParts
{
    /// <summary>
    /// Splits the CSV at <paramref name="path"/> into <paramref name="count"/> parts of nearly
    /// equal size (the first ones take the remainder), each with the header line.
    /// </summary>
    /// <exception cref="InvalidDataException">The file has fewer data rows than parts.</exception>
    public static IReadOnlyList<DatasetPart> Split(string path, int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var lines = File.ReadAllLines(path).Where(l => l.Length > 0).ToArray();
        if (lines.Length - 1 < count)
        {
            throw new InvalidDataException($"{path} has {Math.Max(lines.Length - 1, 0)} data rows, fewer than the {count} parts asked for.");
        }

        var header = lines[0];
        var rows = lines.AsMemory(1);
        var parts = new List<DatasetPart>(count);
        var start = 0;
        for (var i = 0; i < count; i++)
        {
            var size = (rows.Length / count) + (i < rows.Length % count ? 1 : 0);
            var slice = rows.Slice(start, size).ToArray();
            parts.Add(new DatasetPart($"part-{i + 1:0000}.csv", header + "\n" + string.Join("\n", slice) + "\n", size));
            start += size;
        }

        return parts;
    }
}
