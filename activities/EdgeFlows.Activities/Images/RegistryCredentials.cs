using Azure.Core;

namespace EdgeFlows.Activities.Images;

/// <summary>How <see cref="OciRegistryClient"/> authenticates to a registry.</summary>
public enum RegistryCredentialKind
{
    /// <summary>No credentials; a bearer challenge gets an anonymous token.</summary>
    Anonymous,

    /// <summary>A user name and password: sent as HTTP basic auth, or to the token service on a bearer challenge.</summary>
    Basic,

    /// <summary>An Azure AD identity exchanged for a registry token, as Azure Container Registry does it.</summary>
    AzureActiveDirectory,
}

/// <summary>
/// Credentials of a registry. The client answers whatever the registry asks for: a
/// <c>Basic</c> challenge with the user name and password; a <c>Bearer</c> challenge
/// (<c>realm</c>, <c>service</c>, <c>scope</c>) with a token from the realm, requested with
/// the user name and password (or anonymously), or — for <see cref="AzureContainerRegistry"/>
/// — through ACR's exchange of an Azure AD token: <c>POST /oauth2/exchange</c>
/// (<c>grant_type=access_token</c>) for a refresh token, then <c>POST /oauth2/token</c> for
/// an access token scoped to <c>repository:NAME:pull,push</c>. <see cref="ToString"/> never
/// shows the password.
/// </summary>
public sealed class RegistryCredentials
{
    /// <summary>
    /// The Azure AD scope asked for by default: Azure Resource Manager in the public cloud, which
    /// ACR's exchange accepts. On Azure Stack Hub use the stamp's ARM audience, e.g.
    /// <c>https://management.&lt;region&gt;.&lt;fqdn&gt;/&lt;guid&gt;/.default</c>.
    /// </summary>
    public const string DefaultAzureScope = "https://management.azure.com/.default";

    private RegistryCredentials(RegistryCredentialKind kind, string? username, string? password, TokenCredential? tokenCredential, string? azureScope, string? tenantId)
    {
        Kind = kind;
        Username = username;
        Password = password;
        TokenCredential = tokenCredential;
        AzureScope = azureScope;
        TenantId = tenantId;
    }

    /// <summary>No credentials.</summary>
    public static RegistryCredentials Anonymous { get; } = new(RegistryCredentialKind.Anonymous, null, null, null, null, null);

    /// <summary>The kind of credentials.</summary>
    public RegistryCredentialKind Kind { get; }

    /// <summary>The user name of <see cref="RegistryCredentialKind.Basic"/> credentials.</summary>
    public string? Username { get; }

    /// <summary>The Azure AD scope of <see cref="RegistryCredentialKind.AzureActiveDirectory"/> credentials.</summary>
    public string? AzureScope { get; }

    /// <summary>The Azure AD tenant sent to ACR's exchange, or null.</summary>
    public string? TenantId { get; }

    internal string? Password { get; }

    internal TokenCredential? TokenCredential { get; }

    /// <summary>A user name and password (or an ACR admin user, a repository-scoped token, a service principal's id and secret).</summary>
    /// <exception cref="ArgumentException">The user name or password is empty, or the user name has a ':'.</exception>
    public static RegistryCredentials Basic(string username, string password)
    {
        ArgumentException.ThrowIfNullOrEmpty(username);
        ArgumentException.ThrowIfNullOrEmpty(password);
        if (username.Contains(':', StringComparison.Ordinal))
        {
            throw new ArgumentException("A registry user name cannot contain ':' (HTTP basic auth separates user and password with it).", nameof(username));
        }

        return new(RegistryCredentialKind.Basic, username, password, null, null, null);
    }

    /// <summary>
    /// An Azure AD identity (managed identity, service principal, workload identity… any
    /// Azure.Identity <see cref="Azure.Core.TokenCredential"/>) for Azure Container Registry.
    /// </summary>
    /// <param name="credential">Where Azure AD tokens come from.</param>
    /// <param name="azureScope">The scope asked of <paramref name="credential"/>; default <see cref="DefaultAzureScope"/>.</param>
    /// <param name="tenantId">The tenant, sent to the exchange when given.</param>
    public static RegistryCredentials AzureContainerRegistry(TokenCredential credential, string? azureScope = null, string? tenantId = null)
    {
        ArgumentNullException.ThrowIfNull(credential);
        return new(RegistryCredentialKind.AzureActiveDirectory, null, null, credential, azureScope ?? DefaultAzureScope, tenantId);
    }

    /// <summary>Describes the credentials without their secret, e.g. <c>basic (user 'ci')</c>.</summary>
    public override string ToString() => Kind switch
    {
        RegistryCredentialKind.Basic => $"basic (user '{Username}')",
        RegistryCredentialKind.AzureActiveDirectory => $"Azure AD (scope '{AzureScope}')",
        _ => "anonymous",
    };
}
