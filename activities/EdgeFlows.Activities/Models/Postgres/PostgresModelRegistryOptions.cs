using System.Text.RegularExpressions;
using Npgsql;

namespace EdgeFlows.Activities.Models;

/// <summary>Options of the model registry on PostgreSQL (<see cref="PostgresModelRegistry"/>).</summary>
public sealed partial class PostgresModelRegistryOptions
{
    /// <summary>The Npgsql connection string: a secret (app setting, local.settings.json or Key Vault).</summary>
    public string? ConnectionString { get; set; }

    /// <summary>The schema of the registry's <c>ext_models_*</c> tables; the app uses the store's. Default <c>edgeflows</c>.</summary>
    public string Schema { get; set; } = "edgeflows";

    /// <summary>Limit of every command, in seconds. Default 30.</summary>
    public int CommandTimeoutSeconds { get; set; } = 30;

    /// <summary>
    /// Every problem with the settings, each naming its key under <paramref name="section"/>; the
    /// connection string's value (and the parser's message, which can quote part of a password)
    /// is never part of one. Empty when valid.
    /// </summary>
    public IReadOnlyList<string> Validate(string section)
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
                if (string.IsNullOrWhiteSpace(new NpgsqlConnectionStringBuilder(ConnectionString).Host))
                {
                    errors.Add($"{section}:ConnectionString names no Host.");
                }
            }
            catch (Exception ex) when (ex is ArgumentException or FormatException or InvalidCastException)
            {
                errors.Add($"{section}:ConnectionString is not a valid Npgsql connection string: a keyword is unknown, a value malformed, or a value holding ';' or quotes is not quoted ({ex.GetType().Name}).");
            }
        }

        if (Schema is null || !SchemaPattern().IsMatch(Schema) || Schema.StartsWith("pg_", StringComparison.Ordinal))
        {
            errors.Add($"{section}:Schema '{Schema}' must be lower-case letters, digits and underscores, start with a letter or underscore (not 'pg_'), and be at most 48 characters.");
        }

        if (CommandTimeoutSeconds is < 1 or > 3600)
        {
            errors.Add($"{section}:CommandTimeoutSeconds must be 1 to 3600, not {CommandTimeoutSeconds}.");
        }

        return errors;
    }

    [GeneratedRegex("^[a-z_][a-z0-9_]{0,47}$")]
    private static partial Regex SchemaPattern();
}
