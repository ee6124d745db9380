namespace EdgeFlows.Functions.Hosting;

/// <summary>
/// Which durable store the app uses (section <c>EdgeFlows:Store</c>): the embedded SQLite file
/// (default, one host), or PostgreSQL, which several hosts share.
/// </summary>
public sealed class StoreOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "EdgeFlows:Store";

    /// <summary>The value of <see cref="Provider"/> for the embedded SQLite store (the default).</summary>
    public const string SqliteProvider = "Sqlite";

    /// <summary>The value of <see cref="Provider"/> for the PostgreSQL store.</summary>
    public const string PostgresProvider = "Postgres";

    /// <summary>
    /// <c>Sqlite</c> (default) or <c>Postgres</c>. With <c>Postgres</c>, the store's settings are
    /// under <c>EdgeFlows:Store:Postgres</c> (see <see cref="Durable.Stores.Postgres.PostgresStoreOptions"/>;
    /// its <c>ConnectionString</c> is a secret: an app setting, local.settings.json or Key Vault).
    /// </summary>
    public string Provider { get; set; } = SqliteProvider;

    /// <summary>The SQLite store.</summary>
    public SqliteStoreLocation Sqlite { get; init; } = new();

    /// <summary>Whether <see cref="Provider"/> names PostgreSQL (case-insensitive).</summary>
    public bool UsesPostgres => string.Equals(Provider, PostgresProvider, StringComparison.OrdinalIgnoreCase);

    /// <summary>Every problem with the settings, each naming its configuration key; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (!UsesPostgres && !string.Equals(Provider, SqliteProvider, StringComparison.OrdinalIgnoreCase))
        {
            errors.Add($"{SectionName}:Provider must be {SqliteProvider} or {PostgresProvider}, not '{Provider}'.");
        }

        var path = Sqlite.Path;
        if (path is not null && (path.Trim().Length == 0 || path.IndexOfAny(System.IO.Path.GetInvalidPathChars()) >= 0 || path == ":memory:"))
        {
            errors.Add($"{SectionName}:Sqlite:Path must be a file path (relative paths are under EdgeFlows:Host:DataFolder).");
        }

        return errors;
    }

    /// <summary>Whether the configuration picks PostgreSQL; read while composing the app, before options exist.</summary>
    public static bool PostgresConfigured(IConfiguration configuration) =>
        string.Equals(configuration[SectionName + ":Provider"], PostgresProvider, StringComparison.OrdinalIgnoreCase);
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
