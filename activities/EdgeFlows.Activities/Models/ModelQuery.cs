namespace EdgeFlows.Activities.Models;

/// <summary>Which versions <see cref="IModelRegistry.ListAsync"/> returns; every filter is optional.</summary>
public sealed record ModelQuery
{
    /// <summary>The most versions one page holds by default.</summary>
    public const int DefaultPageSize = 50;

    /// <summary>The most versions one page can hold.</summary>
    public const int MaxPageSize = 1000;

    /// <summary>Only versions of this model.</summary>
    public string? Name { get; init; }

    /// <summary>Only versions in this stage.</summary>
    public ModelStage? Stage { get; init; }

    /// <summary>Only versions that have this tag.</summary>
    public string? TagKey { get; init; }

    /// <summary>Only versions whose <see cref="TagKey"/> tag has this value (needs <see cref="TagKey"/>).</summary>
    public string? TagValue { get; init; }

    /// <summary>Versions per page, 1 to <see cref="MaxPageSize"/> (default <see cref="DefaultPageSize"/>).</summary>
    public int PageSize { get; init; } = DefaultPageSize;

    /// <summary>The previous page's <see cref="ModelVersionPage.ContinuationToken"/>, or null for the first page.</summary>
    public string? ContinuationToken { get; init; }

    /// <summary>Throws <see cref="ArgumentException"/> naming what is wrong with the query; every registry calls it.</summary>
    internal void Check()
    {
        if (PageSize is < 1 or > MaxPageSize)
        {
            throw new ArgumentException($"PageSize must be 1 to {MaxPageSize}, not {PageSize}.", "query");
        }

        if (TagValue is not null && string.IsNullOrEmpty(TagKey))
        {
            throw new ArgumentException("TagValue needs a TagKey: name the tag whose value to match.", "query");
        }

        if (Stage is { } stage && !Enum.IsDefined(stage))
        {
            throw new ArgumentException($"Unknown model stage {(int)stage}.", "query");
        }
    }
}
