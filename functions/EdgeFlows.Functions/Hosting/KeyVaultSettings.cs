using System.Globalization;

namespace EdgeFlows.Functions.Hosting;

/// <summary>
/// Where the app's secrets live in Azure Key Vault (section <c>EdgeFlows:KeyVault</c>). Read
/// from the configuration sources below the vault itself, since it has to be known before
/// the vault is read: host.json, appsettings, local.settings.json or app settings.
/// </summary>
/// <param name="Uri">The vault, e.g. <c>https://edgeflows.vault.local.azurestack.external/</c>.</param>
/// <param name="Timeout">How long loading every secret may take at start-up (default 30 s).</param>
/// <param name="ManagedIdentityClientId">The client id of a user-assigned managed identity; none for DefaultAzureCredential's chain.</param>
/// <param name="ReloadInterval">How often the secrets are read again while the app runs (rotated keys then apply without a restart); none: only at start-up.</param>
public sealed record KeyVaultSettings(Uri Uri, TimeSpan Timeout, string? ManagedIdentityClientId, TimeSpan? ReloadInterval = null)
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "EdgeFlows:KeyVault";

    /// <summary>The default of <see cref="Timeout"/>.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    /// <summary>The settings, or null when <c>EdgeFlows:KeyVault:Uri</c> is not set (no vault).</summary>
    /// <exception cref="InvalidOperationException">A setting is not valid; the message names its key.</exception>
    public static KeyVaultSettings? FromConfiguration(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(SectionName);
        var uriText = section["Uri"];
        if (string.IsNullOrWhiteSpace(uriText))
        {
            return null;
        }

        if (!Uri.TryCreate(uriText, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps)
        {
            throw new InvalidOperationException($"{SectionName}:Uri must be an absolute https URI of a vault (e.g. https://NAME.vault.azure.net/).");
        }

        var timeout = DefaultTimeout;
        var timeoutText = section["Timeout"];
        if (!string.IsNullOrWhiteSpace(timeoutText)
            && (!TimeSpan.TryParse(timeoutText, CultureInfo.InvariantCulture, out timeout) || timeout <= TimeSpan.Zero || timeout > TimeSpan.FromMinutes(10)))
        {
            throw new InvalidOperationException($"{SectionName}:Timeout must be a time span between 00:00:01 and 00:10:00 (got '{timeoutText}').");
        }

        TimeSpan? reload = null;
        var reloadText = section["ReloadInterval"];
        if (!string.IsNullOrWhiteSpace(reloadText))
        {
            if (!TimeSpan.TryParse(reloadText, CultureInfo.InvariantCulture, out var interval) || interval < TimeSpan.FromSeconds(1) || interval > TimeSpan.FromDays(1))
            {
                throw new InvalidOperationException($"{SectionName}:ReloadInterval must be a time span between 00:00:01 and 1.00:00:00, or unset to read the vault at start-up only (got '{reloadText}').");
            }

            reload = interval;
        }

        var clientId = section["ManagedIdentityClientId"];
        return new KeyVaultSettings(uri, timeout, string.IsNullOrWhiteSpace(clientId) ? null : clientId, reload);
    }
}
