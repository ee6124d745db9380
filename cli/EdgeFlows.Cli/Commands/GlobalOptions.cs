using System.CommandLine;

namespace EdgeFlows.Cli.Commands;

/// <summary>The options every command takes: where EdgeFlows is, and how to print.</summary>
internal sealed class GlobalOptions
{
    /// <summary>Default time one HTTP request may take.</summary>
    public static readonly TimeSpan DefaultHttpTimeout = TimeSpan.FromSeconds(30);

    public Option<string?> Store { get; } = new("--store")
    {
        Description = "The app's SQLite store file: read and write it directly (no app needed; env EDGEFLOWS_STORE).",
        HelpName = "file",
        Recursive = true,
    };

    public Option<string?> Postgres { get; } = new("--postgres")
    {
        Description = "The app's PostgreSQL store: an Npgsql connection string (Host=…;Database=…;Username=…); read and write it directly. Keep the password out of the command line: PGPASSWORD or ~/.pgpass (env EDGEFLOWS_POSTGRES).",
        HelpName = "connection",
        Recursive = true,
    };

    public Option<string> PostgresSchema { get; } = new("--postgres-schema")
    {
        Description = "The schema of the app's PostgreSQL store (its EdgeFlows:Store:Postgres:Schema; env EDGEFLOWS_POSTGRES_SCHEMA).",
        HelpName = "schema",
        Recursive = true,
        DefaultValueFactory = _ => "edgeflows",
    };

    public Option<string?> Url { get; } = new("--url")
    {
        Description = "The app's base URL: talk to it over HTTP (env EDGEFLOWS_URL).",
        HelpName = "url",
        Recursive = true,
    };

    public Option<string?> Key { get; } = new("--key")
    {
        Description = "The app's host key, sent as x-functions-key and never printed (env EDGEFLOWS_KEY).",
        HelpName = "key",
        Recursive = true,
    };

    public Option<TimeSpan> HttpTimeout { get; } = new("--http-timeout")
    {
        Description = "How long one HTTP request may take, connecting included.",
        HelpName = "duration",
        Recursive = true,
        DefaultValueFactory = _ => DefaultHttpTimeout,
        CustomParser = ValueParsers.Duration("--http-timeout", TimeSpan.FromMilliseconds(100), TimeSpan.FromHours(1)),
    };

    public Option<bool> Json { get; } = new("--json")
    {
        Description = "Print one JSON document on stdout (errors as JSON on stderr).",
        Recursive = true,
    };

    public void AddTo(Command root)
    {
        root.Options.Add(Store);
        root.Options.Add(Postgres);
        root.Options.Add(PostgresSchema);
        root.Options.Add(Url);
        root.Options.Add(Key);
        root.Options.Add(HttpTimeout);
        root.Options.Add(Json);
    }
}
