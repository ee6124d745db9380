using System.Text.RegularExpressions;
using Npgsql;

namespace EdgeFlows.Durable.Stores.Postgres;

/// <summary>
/// Options of the PostgreSQL store (section <c>EdgeFlows:Durable:Postgres</c> when bound by
/// the runtime). Several hosts point at the same database and schema to share the work.
/// </summary>
public sealed partial class PostgresStoreOptions
{
    /// <summary>The configuration section the runtime's own settings use.</summary>
    public const string SectionName = "EdgeFlows:Durable:Postgres";

    /// <summary>
    /// The Npgsql connection string (<c>Host=…;Port=…;Database=…;Username=…;Password=…</c>).
    /// A secret: it is never logged, and errors describe the server without it. Required.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>
    /// The schema that holds the store's tables, created when missing (default <c>edgeflows</c>).
    /// Several apps share one database by using a schema each. Lower-case letters, digits and
    /// underscores, starting with a letter or underscore, at most 48 characters.
    /// </summary>
    public string Schema { get; set; } = "edgeflows";

    /// <summary>Seconds any one command may run before it is cancelled (default 30).</summary>
    public int CommandTimeoutSeconds { get; set; } = 30;

    /// <summary>Most inbox messages one orchestration turn takes (default 1,000).</summary>
    public int MaxMessagesPerTurn { get; set; } = 1000;

    /// <summary>
    /// Keep a connection that LISTENs for work committed by other hosts, so they are woken at
    /// once instead of at their next poll (default true). Polling remains the fallback.
    /// </summary>
    public bool ListenForNotifications { get; set; } = true;

    /// <summary>
    /// How long the listening connection may stay silent before it is checked with a query,
    /// so a connection dropped without a word is noticed (default 30 s).
    /// </summary>
    public TimeSpan ListenKeepAlive { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>First wait before reconnecting a lost listening connection (default 1 s); doubles up to <see cref="ListenReconnectMaxDelay"/>.</summary>
    public TimeSpan ListenReconnectMinDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest wait between reconnection attempts of the listening connection (default 30 s).</summary>
    public TimeSpan ListenReconnectMaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Every problem with the settings, each naming its key under <paramref name="section"/>
    /// (the connection string's value is never part of a message); empty when valid.
    /// </summary>
    public IReadOnlyList<string> Validate(string section = SectionName)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(ConnectionString))
        {
            errors.Add($"{section}:ConnectionString is required (an Npgsql connection string: Host=…;Database=…;Username=…;Password=…).");
        }
        else
        {
            try
            {
                var parsed = new NpgsqlConnectionStringBuilder(ConnectionString);
                if (string.IsNullOrWhiteSpace(parsed.Host))
                {
                    errors.Add($"{section}:ConnectionString names no Host.");
                }
            }
            catch (Exception ex) when (ex is ArgumentException or FormatException or InvalidCastException)
            {
                // Not the parser's message: an unquoted ';' in a password makes the rest of
                // the password an "unknown keyword", which the message would then quote.
                errors.Add($"{section}:ConnectionString is not a valid Npgsql connection string: a keyword is unknown, a value malformed, or a value holding ';' or quotes is not quoted ({ex.GetType().Name}).");
            }
        }

        if (Schema is null || !SchemaPattern().IsMatch(Schema) || Schema.StartsWith("pg_", StringComparison.Ordinal))
        {
            errors.Add($"{section}:Schema '{Schema}' must be lower-case letters, digits and underscores, start with a letter or underscore (not 'pg_'), and be at most 48 characters.");
        }

        Require(errors, CommandTimeoutSeconds >= 1, section, nameof(CommandTimeoutSeconds), "must be at least 1");
        Require(errors, MaxMessagesPerTurn >= 1, section, nameof(MaxMessagesPerTurn), "must be at least 1");
        Require(errors, ListenKeepAlive >= TimeSpan.FromSeconds(1), section, nameof(ListenKeepAlive), "must be at least 1 second");
        Require(errors, ListenReconnectMinDelay > TimeSpan.Zero, section, nameof(ListenReconnectMinDelay), "must be positive");
        Require(errors, ListenReconnectMaxDelay >= ListenReconnectMinDelay, section, nameof(ListenReconnectMaxDelay), "must not be shorter than ListenReconnectMinDelay");
        return errors;
    }

    /// <summary>Throws <see cref="ArgumentException"/> listing every problem, when there is one.</summary>
    internal void ThrowIfInvalid()
    {
        var errors = Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", errors));
        }
    }

    private static void Require(List<string> errors, bool condition, string section, string key, string problem)
    {
        if (!condition)
        {
            errors.Add($"{section}:{key} {problem}.");
        }
    }

    [GeneratedRegex("^[a-z_][a-z0-9_]{0,47}$")]
    private static partial Regex SchemaPattern();
}
