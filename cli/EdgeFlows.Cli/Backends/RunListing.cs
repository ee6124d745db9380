namespace EdgeFlows.Cli.Backends;

/// <summary>Paging rules of <c>list</c>, the same as the app's <c>GET /api/runs</c>.</summary>
public static class RunListing
{
    /// <summary>Runs shown by default.</summary>
    public const int DefaultTop = 25;

    /// <summary>Largest page asked of the app at once.</summary>
    public const int MaxPageSize = 100;

    /// <summary>Most runs one page reads while filtering by dataset, as a multiple of the page size.</summary>
    public const int ScanFactor = 20;
}
