using EdgeFlows.Activities.Storage;

namespace EdgeFlows.Functions.Pipeline.Configuration;

/// <summary>
/// The blob storage holding datasets and job outputs: <c>EdgeFlows:Storage</c>. The
/// connection string is a secret (it holds the account key, which signs the jobs' SAS
/// URLs): give it as an app setting or environment variable, never in host.json.
/// </summary>
public sealed class StorageOptions
{
    /// <summary>The connection string, with an account key (SAS URLs are signed with it). Required.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Timeout of each storage request. Default 30 s.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    internal void Validate(string key, Action<bool, string, string> require)
    {
        require(RequestTimeout >= TimeSpan.FromSeconds(1) && RequestTimeout <= TimeSpan.FromMinutes(10), $"{key}:{nameof(RequestTimeout)}", "must be between 1 second and 10 minutes");
        if (string.IsNullOrWhiteSpace(ConnectionString))
        {
            require(false, $"{key}:{nameof(ConnectionString)}", "is missing; set it as an app setting or environment variable (EdgeFlows__Storage__ConnectionString)");
            return;
        }

        try
        {
            var parsed = StorageConnectionString.Parse(ConnectionString);
            require(parsed.SharedKey is not null, $"{key}:{nameof(ConnectionString)}", "must hold an AccountKey: jobs get SAS URLs signed with it");
        }
        catch (FormatException ex)
        {
            // The parser's message names the bad part and never echoes the key.
            require(false, $"{key}:{nameof(ConnectionString)}", $"is not valid: {ex.Message}");
        }
    }
}
