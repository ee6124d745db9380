namespace EdgeFlows.Functions.Hosting;

/// <summary>
/// How the app hosts itself (section <c>EdgeFlows:Host</c>). Every value is documented with
/// its default; <see cref="Validate"/> names the key of each bad value.
/// </summary>
public sealed class HostingOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "EdgeFlows:Host";

    /// <summary>
    /// The folder for the app's own data (the SQLite store by default). Default: on App
    /// Service, <c>%HOME%\data\edgeflows</c>, which outlives deployments and is shared by the
    /// app's instances; elsewhere the user's local application data folder + <c>edgeflows</c>.
    /// </summary>
    public string? DataFolder { get; set; }

    /// <summary>
    /// How long a graceful shutdown may take in all (ASP.NET Core's HostOptions.ShutdownTimeout).
    /// Must be longer than <c>EdgeFlows:Durable:ShutdownTimeout</c>, the part of it running
    /// activities get to finish, so abandoned ones are still released cleanly. Default 45 s.
    /// </summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(45);

    /// <summary>Largest request body accepted (larger ones get 413). Default 1 MiB, the runtime's default payload limit.</summary>
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>How long each readiness check of <c>/readyz</c> may take before it counts as failed. Default 5 s.</summary>
    public TimeSpan ReadinessTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The data folder in effect: <see cref="DataFolder"/>, or the default for this machine.</summary>
    public string EffectiveDataFolder(string contentRoot)
    {
        if (!string.IsNullOrWhiteSpace(DataFolder))
        {
            return Path.GetFullPath(DataFolder, contentRoot);
        }

        // App Service keeps %HOME% (a network share on Windows workers) across restarts and
        // deployments; a zip deploy replaces the app folder itself.
        var home = Environment.GetEnvironmentVariable("HOME");
        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("WEBSITE_SITE_NAME")) && !string.IsNullOrEmpty(home))
        {
            return Path.Combine(home, "data", "edgeflows");
        }

        var local = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData);
        return string.IsNullOrEmpty(local) ? Path.Combine(contentRoot, ".edgeflows") : Path.Combine(local, "edgeflows");
    }

    /// <summary>Every problem with the settings, each naming its configuration key; empty when valid.</summary>
    /// <param name="durableShutdownTimeout">The runtime's <c>EdgeFlows:Durable:ShutdownTimeout</c>.</param>
    public IReadOnlyList<string> Validate(TimeSpan durableShutdownTimeout)
    {
        var errors = new List<string>();
        if (ShutdownTimeout <= durableShutdownTimeout)
        {
            errors.Add($"{SectionName}:{nameof(ShutdownTimeout)} ({ShutdownTimeout}) must be longer than EdgeFlows:Durable:ShutdownTimeout ({durableShutdownTimeout}), " +
                "so activities still running at its end are released before the host stops.");
        }

        if (MaxRequestBodyBytes is < 1024 or > 256L * 1024 * 1024)
        {
            errors.Add($"{SectionName}:{nameof(MaxRequestBodyBytes)} must be between 1024 and 268435456.");
        }

        if (ReadinessTimeout < TimeSpan.FromMilliseconds(100) || ReadinessTimeout > TimeSpan.FromMinutes(1))
        {
            errors.Add($"{SectionName}:{nameof(ReadinessTimeout)} must be between 100 ms and 1 minute.");
        }

        if (DataFolder is not null && (DataFolder.Length == 0 || DataFolder.IndexOfAny(Path.GetInvalidPathChars()) >= 0))
        {
            errors.Add($"{SectionName}:{nameof(DataFolder)} must be a folder path.");
        }

        return errors;
    }
}
