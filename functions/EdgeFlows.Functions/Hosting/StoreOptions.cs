namespace EdgeFlows.Functions.Hosting;

/// <summary>Which durable store the app uses (section <c>EdgeFlows:Store</c>). SQLite is the one for now.</summary>
public sealed class StoreOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "EdgeFlows:Store";

    /// <summary>The SQLite store.</summary>
    public SqliteStoreLocation Sqlite { get; init; } = new();

    /// <summary>Every problem with the settings, each naming its configuration key; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var path = Sqlite.Path;
        return path is not null && (path.Trim().Length == 0 || path.IndexOfAny(System.IO.Path.GetInvalidPathChars()) >= 0 || path == ":memory:")
            ? [$"{SectionName}:Sqlite:Path must be a file path (relative paths are under EdgeFlows:Host:DataFolder)."]
            : [];
    }
}

/// <summary>Where the SQLite store's file is.</summary>
public sealed class SqliteStoreLocation
{
    /// <summary>The database file name in the data folder.</summary>
    public const string DefaultFileName = "edgeflows.db";

    /// <summary>
    /// The database file; a relative path is under <c>EdgeFlows:Host:DataFolder</c>. Default
    /// <c>edgeflows.db</c> there. <c>EdgeFlows:Durable:Sqlite:DataSource</c>, when set and this
    /// is not, is used as it is (the runtime's own setting).
    /// </summary>
    public string? Path { get; set; }
}
