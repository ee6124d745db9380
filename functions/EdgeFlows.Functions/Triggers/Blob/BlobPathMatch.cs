namespace EdgeFlows.Functions.Triggers.Blob;

/// <summary>How a blob name fared against a <see cref="BlobPathPattern"/>.</summary>
public enum BlobPathMatchKind
{
    /// <summary>The name fits the pattern; <see cref="BlobPathMatch.Dataset"/> is set.</summary>
    Matched,

    /// <summary>The name is outside the pattern (another folder, too few segments).</summary>
    NotMatched,

    /// <summary>The name has the pattern's shape but is unsafe or invalid; <see cref="BlobPathMatch.Reason"/> says why.</summary>
    Rejected,
}

/// <summary>The result of <see cref="BlobPathPattern.Match"/>.</summary>
/// <param name="Kind">Matched, not matched, or rejected.</param>
/// <param name="Dataset">The dataset name when matched.</param>
/// <param name="Path">The rest of the name after the dataset's fixed segments (<c>{*path}</c>) when matched.</param>
/// <param name="Reason">Why the name was rejected.</param>
public sealed record BlobPathMatch(BlobPathMatchKind Kind, string? Dataset = null, string? Path = null, string? Reason = null)
{
    /// <summary>The result for a name outside the pattern.</summary>
    public static BlobPathMatch NotMatched { get; } = new(BlobPathMatchKind.NotMatched);

    /// <summary>A match.</summary>
    public static BlobPathMatch Matched(string dataset, string path) => new(BlobPathMatchKind.Matched, dataset, path);

    /// <summary>A rejection and its reason.</summary>
    public static BlobPathMatch Rejected(string reason) => new(BlobPathMatchKind.Rejected, Reason: reason);
}
