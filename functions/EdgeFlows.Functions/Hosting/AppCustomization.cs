using EdgeFlows.Durable.Hosting;

namespace EdgeFlows.Functions.Hosting;

/// <summary>
/// What a test or tool adds to the app <see cref="Program.CreateApp"/> composes: settings and
/// services (<see cref="Builder"/>, run after the app's configuration sources are in place),
/// orchestrators and activities (<see cref="Runtime"/>), and how Key Vault is reached.
/// </summary>
public sealed record AppCustomization
{
    /// <summary>Changes to the builder: extra configuration, services, logging.</summary>
    public Action<WebApplicationBuilder>? Builder { get; init; }

    /// <summary>Extra orchestrators and activities.</summary>
    public Action<DurableRuntimeBuilder>? Runtime { get; init; }

    /// <summary>How the Key Vault configuration source reaches the vault (transport, credential); the real one by default.</summary>
    public KeyVaultClientFactory? KeyVaultClient { get; init; }
}
