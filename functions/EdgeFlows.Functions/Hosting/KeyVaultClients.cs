using Azure.Core;
using Azure.Identity;
using Azure.Security.KeyVault.Secrets;

namespace EdgeFlows.Functions.Hosting;

/// <summary>Creates the client the Key Vault configuration source reads secrets with.</summary>
public delegate SecretClient KeyVaultClientFactory(KeyVaultSettings settings);

/// <summary>The real vault client.</summary>
public static class KeyVaultClients
{
    /// <summary>
    /// A client authenticating with DefaultAzureCredential (environment service principal —
    /// what Stack Hub's AD FS uses, with AZURE_AUTHORITY_HOST —, managed identity, Azure CLI),
    /// preferring the user-assigned identity when its client id is configured. Each request
    /// is retried twice and times out with the load.
    /// </summary>
    public static SecretClient Create(KeyVaultSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var credential = new DefaultAzureCredential(new DefaultAzureCredentialOptions
        {
            ManagedIdentityClientId = settings.ManagedIdentityClientId,
        });
        return new SecretClient(settings.Uri, credential, Options(settings));
    }

    /// <summary>The client options every vault client here uses: bounded retries and a per-request timeout.</summary>
    public static SecretClientOptions Options(KeyVaultSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var options = new SecretClientOptions();
        options.Retry.MaxRetries = 2;
        options.Retry.Mode = RetryMode.Exponential;
        options.Retry.NetworkTimeout = settings.Timeout;
        return options;
    }
}
