// Secrets from Azure Key Vault as configuration, loaded once at start-up within a timeout.
// Written here because Azure.Extensions.AspNetCore.Configuration.Secrets is not in our
// package source. Secret names cannot hold ':', so "EdgeFlows--Keys--Host" becomes
// "EdgeFlows:Keys:Host", as that package does.
using Azure.Security.KeyVault.Secrets;

namespace EdgeFlows.Functions.Hosting;

/// <summary>The Key Vault configuration source.</summary>
public sealed class KeyVaultConfigurationSource(KeyVaultSettings settings, KeyVaultClientFactory clientFactory) : IConfigurationSource
{
    /// <inheritdoc />
    public IConfigurationProvider Build(IConfigurationBuilder builder) => new KeyVaultConfigurationProvider(settings, clientFactory);
}

/// <summary>Loads every enabled, current secret of the vault once; a failure stops start-up.</summary>
public sealed class KeyVaultConfigurationProvider(KeyVaultSettings settings, KeyVaultClientFactory clientFactory) : ConfigurationProvider
{
    /// <summary>The separator Key Vault secret names use for configuration sections.</summary>
    public const string SectionSeparator = "--";

    /// <summary>Loads the secrets.</summary>
    /// <exception cref="InvalidOperationException">The vault could not be read in time; the message names the setting and the cause, never a secret.</exception>
    public override void Load()
    {
        using var timeout = new CancellationTokenSource(settings.Timeout);
        try
        {
            // Configuration loads synchronously; Task.Run keeps the wait off any caller context.
            Data = Task.Run(() => LoadAsync(timeout.Token)).GetAwaiter().GetResult();
        }
        catch (OperationCanceledException ex)
        {
            throw new InvalidOperationException(
                $"{KeyVaultSettings.SectionName}:Uri: the secrets of {settings.Uri} could not be loaded within {KeyVaultSettings.SectionName}:Timeout ({settings.Timeout}).", ex);
        }
        catch (Exception ex) when (ex is Azure.RequestFailedException or Azure.Identity.AuthenticationFailedException or Azure.Identity.CredentialUnavailableException or HttpRequestException)
        {
            throw new InvalidOperationException(
                $"{KeyVaultSettings.SectionName}:Uri: the secrets of {settings.Uri} could not be loaded: {ex.GetType().Name}: {FirstLine(ex.Message)}", ex);
        }
    }

    /// <summary>The vault's settings.</summary>
    public KeyVaultSettings Settings => settings;

    /// <summary>
    /// Reads the secrets again (within <see cref="KeyVaultSettings.Timeout"/>) and, when any was
    /// added, changed or removed, makes them the configuration's and signals its reload. On a
    /// failure the secrets loaded before stay.
    /// </summary>
    /// <returns>The configuration keys whose values changed (no values).</returns>
    /// <exception cref="InvalidOperationException">The vault could not be read in time; the message names the setting and the cause, never a secret.</exception>
    public async Task<IReadOnlyList<string>> ReloadAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(settings.Timeout);
        Dictionary<string, string?> data;
        try
        {
            data = await LoadAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new InvalidOperationException(
                $"{KeyVaultSettings.SectionName}:Uri: the secrets of {settings.Uri} could not be read again within {KeyVaultSettings.SectionName}:Timeout ({settings.Timeout}).", ex);
        }
        catch (Exception ex) when (ex is Azure.RequestFailedException or Azure.Identity.AuthenticationFailedException or Azure.Identity.CredentialUnavailableException or HttpRequestException)
        {
            throw new InvalidOperationException(
                $"{KeyVaultSettings.SectionName}:Uri: the secrets of {settings.Uri} could not be read again: {ex.GetType().Name}: {FirstLine(ex.Message)}", ex);
        }

        var changed = data.Keys.Union(Data.Keys, StringComparer.OrdinalIgnoreCase)
            .Where(k => !Data.TryGetValue(k, out var before) || !data.TryGetValue(k, out var after) || !string.Equals(before, after, StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToList();
        if (changed.Count > 0)
        {
            Data = data;
            OnReload();
        }

        return changed;
    }

    /// <summary>The configuration key of a secret name: <c>--</c> becomes <c>:</c>.</summary>
    public static string KeyFor(string secretName)
    {
        ArgumentNullException.ThrowIfNull(secretName);
        return secretName.Replace(SectionSeparator, ConfigurationPath.KeyDelimiter, StringComparison.Ordinal);
    }

    private static string FirstLine(string message)
    {
        var end = message.IndexOfAny(['\r', '\n']);
        return end < 0 ? message : message[..end];
    }

    private async Task<Dictionary<string, string?>> LoadAsync(CancellationToken cancellationToken)
    {
        var client = clientFactory(settings);
        var now = DateTimeOffset.UtcNow;
        var data = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        await foreach (var properties in client.GetPropertiesOfSecretsAsync(cancellationToken).ConfigureAwait(false))
        {
            if (properties.Enabled != true || properties.ExpiresOn <= now || properties.NotBefore > now || properties.Managed)
            {
                continue;
            }

            KeyVaultSecret secret = await client.GetSecretAsync(properties.Name, cancellationToken: cancellationToken).ConfigureAwait(false);
            data[KeyFor(properties.Name)] = secret.Value;
        }

        return data;
    }
}
