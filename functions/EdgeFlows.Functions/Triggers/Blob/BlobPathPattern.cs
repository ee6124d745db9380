// Maps blob names to datasets: "training-data/{dataset}/{*path}" reads the dataset from the
// second segment. Names that could mislead a consumer that turns them into file paths (".."
// segments, control characters, backslashes) are rejected, never matched.
using System.Text.RegularExpressions;

namespace EdgeFlows.Functions.Triggers.Blob;

/// <summary>
/// A blob path pattern: '/'-separated segments, each a literal, <c>{dataset}</c> (exactly
/// once, a whole segment) or, last, <c>{*path}</c> (one or more further segments).
/// </summary>
public sealed partial class BlobPathPattern
{
    /// <summary>The default pattern.</summary>
    public const string Default = "training-data/{dataset}/{*path}";

    private const string DatasetToken = "{dataset}";
    private const string PathToken = "{*path}";

    private readonly string[] _segments;
    private readonly int _datasetIndex;
    private readonly bool _hasPath;

    private BlobPathPattern(string text, string[] segments, int datasetIndex, bool hasPath)
    {
        Text = text;
        _segments = segments;
        _datasetIndex = datasetIndex;
        _hasPath = hasPath;
        ListPrefix = string.Concat(segments.Take(datasetIndex).Select(s => s + "/"));
    }

    /// <summary>The pattern as written.</summary>
    public string Text { get; }

    /// <summary>The literal segments before <c>{dataset}</c> with their slashes: the widest listing prefix that can match.</summary>
    public string ListPrefix { get; }

    /// <summary>Parses a pattern.</summary>
    /// <exception cref="FormatException">The pattern is not valid; the message says why.</exception>
    public static BlobPathPattern Parse(string pattern)
    {
        if (string.IsNullOrWhiteSpace(pattern))
        {
            throw new FormatException("The path pattern is empty.");
        }

        var segments = pattern.Split('/');
        var datasetIndex = -1;
        for (var i = 0; i < segments.Length; i++)
        {
            var segment = segments[i];
            if (segment == DatasetToken)
            {
                datasetIndex = datasetIndex < 0 ? i : throw new FormatException($"The path pattern '{pattern}' has {DatasetToken} twice.");
            }
            else if (segment == PathToken)
            {
                if (i != segments.Length - 1)
                {
                    throw new FormatException($"In the path pattern '{pattern}', {PathToken} must be the last segment.");
                }
            }
            else if (segment.Length == 0 || segment is "." or ".." || segment.IndexOfAny(['{', '}', '\\']) >= 0 || segment.Any(char.IsControl))
            {
                throw new FormatException(
                    $"The path pattern '{pattern}' has an invalid segment '{segment}': segments are literals without braces, backslashes or " +
                    $"control characters (and not empty, '.' or '..'), {DatasetToken}, or a final {PathToken}.");
            }
        }

        if (datasetIndex < 0)
        {
            throw new FormatException($"The path pattern '{pattern}' has no {DatasetToken} segment.");
        }

        return new BlobPathPattern(pattern, segments, datasetIndex, segments[^1] == PathToken);
    }

    /// <summary>The prefix every blob of <paramref name="dataset"/> starts with, e.g. <c>training-data/sales/</c>.</summary>
    public string DatasetPrefix(string dataset) => ListPrefix + dataset + "/";

    /// <summary>True for a dataset name the trigger accepts: 1–64 of <c>A-Z a-z 0-9 . _ -</c>, not "." or "..".</summary>
    public static bool IsValidDatasetName(string name) => name is not ("." or "..") && DatasetName().IsMatch(name);

    /// <summary>Matches a blob name: its dataset and path, or why it does not match or is rejected.</summary>
    public BlobPathMatch Match(string blobName)
    {
        ArgumentNullException.ThrowIfNull(blobName);
        if (blobName.Any(char.IsControl))
        {
            return BlobPathMatch.Rejected("the name contains control characters");
        }

        if (blobName.Contains('\\', StringComparison.Ordinal))
        {
            return BlobPathMatch.Rejected("the name contains a backslash, which some consumers read as a path separator");
        }

        var parts = blobName.Split('/');
        if (parts.Any(p => p is "." or ".."))
        {
            return BlobPathMatch.Rejected("the name has a '.' or '..' segment (path traversal)");
        }

        if (parts.Any(p => p.Length == 0))
        {
            return BlobPathMatch.Rejected("the name has an empty segment (a leading, trailing or doubled '/')");
        }

        var fixedCount = _hasPath ? _segments.Length - 1 : _segments.Length;
        if (parts.Length < fixedCount || (!_hasPath && parts.Length != fixedCount) || (_hasPath && parts.Length == fixedCount))
        {
            return BlobPathMatch.NotMatched;
        }

        for (var i = 0; i < fixedCount; i++)
        {
            if (i != _datasetIndex && !string.Equals(parts[i], _segments[i], StringComparison.Ordinal))
            {
                return BlobPathMatch.NotMatched;
            }
        }

        var dataset = parts[_datasetIndex];
        if (!IsValidDatasetName(dataset))
        {
            return BlobPathMatch.Rejected($"the dataset name '{dataset}' is not 1-64 characters of A-Z a-z 0-9 . _ -");
        }

        var path = _hasPath ? string.Join('/', parts, fixedCount, parts.Length - fixedCount) : string.Empty;
        return BlobPathMatch.Matched(dataset, path);
    }

    /// <inheritdoc />
    public override string ToString() => Text;

    [GeneratedRegex("^[A-Za-z0-9._-]{1,64}$", RegexOptions.CultureInvariant)]
    private static partial Regex DatasetName();
}
